-- Messages to the shop's fans. A member asks for the shop's news on their page (`news`, off
-- until they do) and may stop by the one-click link in each message (`news_token`, made when
-- they first ask). A message is kept with its words per language and its product cards; each
-- recipient's email goes through the outbox, its sending spread over time. An order placed
-- after opening one of its product cards names it (`orders.via_message`) for the report.
ALTER TABLE members ADD COLUMN news INTEGER NOT NULL DEFAULT FALSE;
ALTER TABLE members ADD COLUMN news_token TEXT;
CREATE UNIQUE INDEX members_by_news_token ON members(news_token);
CREATE TABLE fan_messages (
    id          TEXT PRIMARY KEY,
    texts       TEXT NOT NULL,
    product_ids TEXT NOT NULL,
    langs       TEXT NOT NULL,
    recipients  INTEGER NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
ALTER TABLE orders ADD COLUMN via_message TEXT;
ALTER TABLE outbox_messages ADD COLUMN list_unsubscribe TEXT;
