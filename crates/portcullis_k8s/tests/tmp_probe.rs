#[test]
fn probe() {
    for v in ["postgres://app:Sup3rS3cretPw@db.internal:5432/app", "https://user:Xk9#mQ2vLp7z@git.corp.net/repo.git", "AKIAZ4X7Q2LMNOPQRST7"] {
        println!("{v} -> {:?}", portcullis_secrets::classify_value(v));
    }
}
