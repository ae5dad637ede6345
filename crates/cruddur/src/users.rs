//! Who is talking: Cruddur users by handle.
//!
//! The seed looks users up in the Cruddur PostgreSQL database. A developer trying ddb on its own
//! has no such database, so there is also a built-in directory whose uuids never change: seeding
//! twice, or seeding and then querying, always agrees on `GRP#{uuid}` partition keys.

use crate::{postgres, Error};

/// A Cruddur user, the three columns the seed reads from `users`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// The user's id, which the message-group partition key `GRP#{uuid}` is made of.
    pub uuid: String,
    /// The name shown next to messages.
    pub display_name: String,
    /// The unique handle (`jess-bk`) by which `--me` and `--other` pick a user.
    pub handle: String,
}

impl User {
    fn new(uuid: &str, display_name: &str, handle: &str) -> User {
        User {
            uuid: uuid.into(),
            display_name: display_name.into(),
            handle: handle.into(),
        }
    }
}

/// The built-in users. The first two are the seed's default pair; the rest let a user try
/// other conversations without a database. The uuids are fixed forever: changing one orphans
/// every message group already written for that user.
pub fn builtin() -> Vec<User> {
    vec![
        User::new("9c6e4a52-1d3b-4f0e-8a47-2b5d6c7e8f01", "Jess B", "jess-bk"),
        User::new("3f1a8b7c-62d4-4e95-9c0b-7d2e5f6a1b23", "Bayko", "bayko"),
        User::new("a4d2c9e1-7b58-4c36-b1f0-5e8d3a2c6b45", "Mira Kovac", "mira"),
        User::new(
            "e7b3f5a9-0c21-4d87-a6e4-1f9c8b7d2a67",
            "Tomas Ruiz",
            "tomas",
        ),
    ]
}

/// Where users are looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Directory {
    /// The built-in users above.
    BuiltIn,
    /// The Cruddur `users` table at this PostgreSQL connection string.
    Postgres(String),
}

impl Directory {
    /// PostgreSQL when a connection string is given (`--users-db`, else `CONNECTION_URL` as the
    /// Cruddur backend names it), the built-in directory otherwise.
    pub fn choose(users_db: Option<&str>, env: impl Fn(&str) -> Option<String>) -> Directory {
        match users_db
            .map(str::to_string)
            .or_else(|| env("CONNECTION_URL"))
            .filter(|url| !url.trim().is_empty())
        {
            Some(url) => Directory::Postgres(url),
            None => Directory::BuiltIn,
        }
    }

    /// Human name of the source, for messages; never shows a password.
    pub fn describe(&self) -> String {
        match self {
            Directory::BuiltIn => "the built-in user directory".to_string(),
            Directory::Postgres(url) => {
                format!("PostgreSQL users table at {}", postgres::redact(url))
            }
        }
    }

    /// Resolves the seed's pair of users; both must exist, so nothing is written for a typo.
    pub async fn pair(&self, me: &str, other: &str) -> Result<(User, User), Error> {
        let found = match self {
            Directory::BuiltIn => builtin(),
            Directory::Postgres(url) => postgres::users_by_handles(url, me, other).await?,
        };
        let pick = |handle: &str| {
            found
                .iter()
                .find(|u| u.handle == handle)
                .cloned()
                .ok_or_else(|| self.unknown(handle))
        };
        Ok((pick(me)?, pick(other)?))
    }

    /// Resolves one user: the sender of a message.
    pub async fn user(&self, handle: &str) -> Result<User, Error> {
        let found = match self {
            Directory::BuiltIn => builtin(),
            Directory::Postgres(url) => postgres::users_by_handles(url, handle, handle).await?,
        };
        found
            .into_iter()
            .find(|u| u.handle == handle)
            .ok_or_else(|| self.unknown(handle))
    }

    /// Resolves one handle to its uuid, as the seed's list-conversations does.
    pub async fn uuid_of(&self, handle: &str) -> Result<String, Error> {
        let uuid = match self {
            Directory::BuiltIn => builtin()
                .into_iter()
                .find(|u| u.handle == handle)
                .map(|u| u.uuid),
            Directory::Postgres(url) => postgres::uuid_by_handle(url, handle).await?,
        };
        uuid.ok_or_else(|| self.unknown(handle))
    }

    fn unknown(&self, handle: &str) -> Error {
        Error::UnknownHandle {
            handle: handle.to_string(),
            source_name: self.describe(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_handles_and_uuids_are_unique_and_valid() {
        let users = builtin();
        for (i, a) in users.iter().enumerate() {
            assert!(uuid::Uuid::parse_str(&a.uuid).is_ok(), "{}", a.uuid);
            for b in &users[i + 1..] {
                assert_ne!(a.uuid, b.uuid);
                assert_ne!(a.handle, b.handle);
            }
        }
        assert!(users.iter().any(|u| u.handle == crate::DEFAULT_ME));
        assert!(users.iter().any(|u| u.handle == crate::DEFAULT_OTHER));
    }

    #[test]
    fn directory_choice() {
        let none = |_: &str| None;
        let env = |k: &str| (k == "CONNECTION_URL").then(|| "postgresql://env/db".to_string());
        assert_eq!(Directory::choose(None, none), Directory::BuiltIn);
        assert_eq!(
            Directory::choose(None, env),
            Directory::Postgres("postgresql://env/db".into())
        );
        assert_eq!(
            Directory::choose(Some("postgresql://flag/db"), env),
            Directory::Postgres("postgresql://flag/db".into())
        );
        let empty = |_: &str| Some(String::new());
        assert_eq!(Directory::choose(None, empty), Directory::BuiltIn);
    }

    #[tokio::test]
    async fn builtin_lookup() {
        let (me, other) = Directory::BuiltIn.pair("jess-bk", "bayko").await.unwrap();
        assert_eq!(me.handle, "jess-bk");
        assert_eq!(other.handle, "bayko");
        assert_eq!(
            Directory::BuiltIn.uuid_of("bayko").await.unwrap(),
            other.uuid
        );
        assert_eq!(Directory::BuiltIn.user("bayko").await.unwrap(), other);
        assert!(Directory::BuiltIn.user("nobody").await.is_err());
    }

    #[tokio::test]
    async fn unknown_handle_is_a_clear_error() {
        let err = Directory::BuiltIn
            .pair("jess-bk", "nobody")
            .await
            .unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("nobody") && text.contains("built-in"),
            "{text}"
        );
        assert!(Directory::BuiltIn.uuid_of("nobody").await.is_err());
    }
}
