-- A return gift (お返し): the claim token of the gift it answers (empty: an ordinary gift). Its
-- claim link is emailed to that gift's sender (`recipient_email`, filled by checkout from the
-- answered order's email), in that order's language; its buyer never sees where it went.
ALTER TABLE gifts ADD COLUMN return_for TEXT NOT NULL DEFAULT '';
