//! Errors in the reader's language: a field's problem by the field's stable name, and an API
//! error by its stable code.

use super::{Lang, lang, pick};

/// A field's problem in the console's language, by the field's stable name (the last part of
/// keys like `variants[1].price`). English readers, and fields without a text here, get the
/// rule's own message; a message already written in the reader's language stays as it is.
pub fn field_message(e: &omiyage_api::FieldError) -> String {
    let english = !e.message.starts_with(|c: char| c.is_ascii());
    if lang() == Lang::En || english {
        return e.message.clone();
    }
    let key = if e.field.contains("translations") {
        "translations"
    } else {
        e.field.rsplit('.').next().unwrap_or("")
    };
    let [ja, zh] = match key {
        "name" => [
            "名前を入力してください（文字数の上限以内）。",
            "请填写名称（不超过字数上限）。",
        ],
        "description" => [
            "説明は2,000文字以内にしてください。",
            "说明请不超过2,000个字符。",
        ],
        "category" => [
            "ショップのカテゴリーから選んでください。",
            "请选择商店的分类。",
        ],
        "image" => [
            "画像をアップロードするか、ショップの画像を選んでください。",
            "请上传图片或选择商店已有的图片。",
        ],
        "alt" => [
            "写真に写っているものを日本語で入力してください（200文字以内）。",
            "请用日语填写照片的内容（不超过200个字符）。",
        ],
        "src" | "photos" => [
            "写真は12枚までです。同じ写真は2回使えません。",
            "照片最多12张，同一张照片不能重复使用。",
        ],
        "photo" => [
            "この商品の写真から選んでください。",
            "请从该商品的照片中选择。",
        ],
        "variants" => [
            "種類は1〜20個にしてください。同じ名前の種類は作れません。",
            "请设置1至20个款式，款式名称不能重复。",
        ],
        "sku" => ["SKUは40文字以内にしてください。", "SKU请不超过40个字符。"],
        "price" => [
            "価格は0円〜10,000,000円で入力してください。",
            "价格请填写0至10,000,000日元。",
        ],
        "stock" | "delta" => [
            "在庫数を確認してください（0〜1,000,000、0未満にはなりません）。",
            "请检查库存数量（0至1,000,000，不能低于0）。",
        ],
        "email" => [
            "メールアドレスを name@example.com の形で入力してください。",
            "请按 name@example.com 的格式填写电子邮箱。",
        ],
        "password" => ["パスワードを確認してください。", "请检查密码。"],
        "shop_id" => [
            "スタッフが働く店舗を選んでください。",
            "请选择员工所在的门店。",
        ],
        "claim_window_secs" => [
            "受け取り期限は1時間〜90日にしてください。",
            "领取期限请设为1小时至90天。",
        ],
        "address" => ["住所を入力してください。", "请填写地址。"],
        "tracking_number" => [
            "追跡番号（英数字とハイフン4〜40文字）を入力してください。",
            "请填写运单号（4至40位字母、数字或连字符）。",
        ],
        "registered_name" => [
            "インボイスの登録名を入力してください。",
            "请填写发票登记名称。",
        ],
        // The reason, as the server gives it: the shape, or a check digit that does not match.
        "registration_number" if e.message.contains("check digit") => [
            "この登録番号は存在しません（チェックデジットが一致しません）。通知書の番号と照らし合わせてください。",
            "此登记号码不存在（校验位不符）。请与通知书核对。",
        ],
        "registration_number" => [
            "登録番号は T と13桁の数字です（例：T7000012050002）。",
            "登记号码为 T 加13位数字（例如 T7000012050002）。",
        ],
        "commission_bps" => ["報酬率は0〜50%にしてください。", "佣金比例请设为0至50%。"],
        "new_buyer_bps" => [
            "新規購入者の報酬率は通常の報酬率以上、50%以下にしてください。",
            "新买家佣金比例须不低于普通比例，且不超过50%。",
        ],
        "amount" => [
            "金額を確認してください（支払える額・返金できる額以内の円）。",
            "请检查金额（不超过可结算或可退款的日元金额）。",
        ],
        "share_bps" => ["取り分は0〜90%にしてください。", "分成比例请设为0至90%。"],
        "reference" => [
            "支払いの参照番号を入力してください（120文字以内）。",
            "请填写付款参考号（不超过120个字符）。",
        ],
        "window_days" => [
            "成果の計測期間（日数）を確認してください。",
            "请检查归因天数。",
        ],
        "starts_on" | "ends_on" => [
            "開始日と終了日を入力し、終了日は開始日以降にしてください。",
            "请填写开始和结束日期，结束日期不得早于开始日期。",
        ],
        "product_ids" => ["商品を1つ以上選んでください。", "请至少选择一件商品。"],
        "count" => [
            "コードの数は1〜500にしてください。",
            "代码数量请设为1至500。",
        ],
        "expires_on" => [
            "有効期限は明日から1年後までの日付にしてください。",
            "有效期请选择明天至一年内的日期。",
        ],
        "variant_id" => ["商品と種類を選んでください。", "请选择商品和款式。"],
        "translations" => [
            "訳は中国語か英語で、文字数の上限以内にしてください。",
            "译文须为中文或英文，且不超过字数上限。",
        ],
        _ => return e.message.clone(),
    };
    pick(ja, zh, "").to_string()
}

/// An API error in the console's language, by its stable code (English: the error's message).
pub fn error_message(e: &omiyage_api::ApiError) -> String {
    use omiyage_api::ErrorCode as C;
    if lang() == Lang::En {
        return e.message.clone();
    }
    let [ja, zh] = match e.code {
        C::Unauthorized => ["ログインしてください。", "请先登录。"],
        C::Forbidden => [
            "このアカウントではできない操作です。",
            "此账号无权进行该操作。",
        ],
        C::NotFound => ["見つかりませんでした。", "未找到。"],
        C::Conflict => [
            "すでに存在するか、ほかの操作で状態が変わっています。内容を確認してください。",
            "已存在或状态已被其他操作更改，请检查后重试。",
        ],
        C::RateLimited => [
            "試行回数が多すぎます。しばらく待ってからお試しください。",
            "尝试次数过多，请稍后再试。",
        ],
        C::Invalid => ["入力内容をご確認ください。", "请检查填写的内容。"],
        C::Network => [
            "サーバーに接続できません。通信環境を確認して、もう一度お試しください。",
            "无法连接服务器，请检查网络后重试。",
        ],
        C::PayloadTooLarge => ["ファイルが大きすぎます。", "文件过大。"],
        _ => [
            "問題が発生しました。もう一度お試しください。",
            "出现问题，请重试。",
        ],
    };
    pick(ja, zh, "").to_string()
}
