//! Looking Cruddur users up in PostgreSQL, with the seed's own queries.
//!
//! Connections are plain TCP (`NoTls`): this is for the Cruddur development database the
//! bootcamp runs in Docker. The `uuid` column is a PostgreSQL `uuid` in Cruddur's schema, but a
//! `text` column is accepted too, so a hand-made `users` table works.

use tokio_postgres::{NoTls, Row};

use crate::users::User;
use crate::Error;

/// The seed's query for the pair of users of a conversation.
pub const USERS_BY_HANDLES: &str = "
    SELECT
      users.uuid,
      users.display_name,
      users.handle
    FROM users
    WHERE
      users.handle IN(
        $1,
        $2
        )";

/// The seed's query for one user's uuid (list-conversations).
pub const UUID_BY_HANDLE: &str = "
    SELECT
      users.uuid
    FROM users
    WHERE
      users.handle = $1";

/// The users among `me` and `other` that exist.
pub async fn users_by_handles(url: &str, me: &str, other: &str) -> Result<Vec<User>, Error> {
    let client = connect(url).await?;
    let rows = client
        .query(USERS_BY_HANDLES, &[&me, &other])
        .await
        .map_err(|e| Error::Postgres(chain(&e)))?;
    rows.iter()
        .map(|row| {
            Ok(User {
                uuid: uuid_column(row)?,
                display_name: text_column(row, 1)?,
                handle: text_column(row, 2)?,
            })
        })
        .collect()
}

/// The uuid of `handle`, if the user exists.
pub async fn uuid_by_handle(url: &str, handle: &str) -> Result<Option<String>, Error> {
    let client = connect(url).await?;
    let row = client
        .query_opt(UUID_BY_HANDLE, &[&handle])
        .await
        .map_err(|e| Error::Postgres(chain(&e)))?;
    row.as_ref().map(uuid_column).transpose()
}

async fn connect(url: &str) -> Result<tokio_postgres::Client, Error> {
    let (client, connection) = tokio_postgres::connect(url, NoTls).await.map_err(|e| {
        Error::Postgres(format!("cannot connect to {}: {}", redact(url), chain(&e)))
    })?;
    // The connection object does the socket I/O; it ends when the client is dropped.
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(client)
}

/// An error and its causes on one line: tokio-postgres puts the useful part ("connection
/// refused", "relation \"users\" does not exist") in the source, not in the top-level message.
fn chain(e: &tokio_postgres::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

fn uuid_column(row: &Row) -> Result<String, Error> {
    if let Ok(u) = row.try_get::<_, uuid::Uuid>(0) {
        return Ok(u.to_string());
    }
    text_column(row, 0)
}

fn text_column(row: &Row, index: usize) -> Result<String, Error> {
    row.try_get::<_, String>(index)
        .map_err(|e| Error::Postgres(format!("column {index} of users: {e}")))
}

/// The connection string with any password replaced, for error messages.
pub fn redact(url: &str) -> String {
    // URL form: scheme://user:password@host/...
    if let Some(scheme_end) = url.find("://") {
        let rest = &url[scheme_end + 3..];
        if let Some(at) = rest.find('@') {
            let userinfo = &rest[..at];
            if let Some(colon) = userinfo.find(':') {
                return format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &userinfo[..colon],
                    &rest[at..]
                );
            }
        }
        return url.to_string();
    }
    // key=value form: hide password=...
    url.split_whitespace()
        .map(|kv| {
            if kv.starts_with("password=") {
                "password=***".to_string()
            } else {
                kv.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords() {
        assert_eq!(
            redact("postgresql://postgres:secret@db:5432/cruddur"),
            "postgresql://postgres:***@db:5432/cruddur"
        );
        assert_eq!(redact("postgresql://db/cruddur"), "postgresql://db/cruddur");
        assert_eq!(
            redact("host=db user=u password=pw dbname=c"),
            "host=db user=u password=*** dbname=c"
        );
    }
}
