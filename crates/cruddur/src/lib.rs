//! The Cruddur messaging model on DynamoDB, as the bootcamp's `bin/ddb` scripts build it.
//!
//! Cruddur keeps its direct messages in one table, `cruddur-messages`, with a string partition key
//! `pk` and a string sort key `sk`. Two item shapes live in it:
//!
//! * a **message group** per participant: `pk = "GRP#{user_uuid}"`, `sk = last_message_at`, and
//!   the *other* participant's uuid, display name and handle, so "list my conversations" is one
//!   Query on the owner's partition;
//! * a **message**: `pk = "MSG#{message_group_uuid}"`, `sk = created_at`, and the *sender*'s
//!   uuid, display name and handle, so "show a conversation" is one Query on the group's
//!   partition, ordered by time because ISO 8601 timestamps sort as strings.
//!
//! This crate holds everything the `ddb` toolkit subcommands need apart from argument parsing:
//! the schema ([`schema`]), item shapes ([`items`]), the user directory and its PostgreSQL source
//! ([`users`], [`postgres`]), our own sample conversation and the conversation-file parser
//! ([`conversation`]), the seeding plan and batched writer ([`seed`]), the two access patterns
//! ([`patterns`]), output formatting ([`format`]) and endpoint/credential resolution
//! ([`endpoint`]).
//!
//! The rest of the bootcamp's week 5 builds on them: sending messages as the backend does
//! ([`validation`], [`sending`]) and listing them ([`listing`]); the stream Lambda that keeps
//! each message group's last message current ([`updater`]), fed from a Lambda event
//! ([`lambda_event`]) or from the table's stream ([`stream_follow`]); and the per-user message
//! counter the bootcamp began with Momento, kept in a table with a TTL ([`counter`]).
//!
//! Everything except the functions that take an SDK client or a PostgreSQL URL is pure and
//! tested without a network.

pub mod conversation;
pub mod counter;
pub mod endpoint;
pub mod error;
pub mod format;
pub mod items;
pub mod lambda_event;
pub mod listing;
pub mod patterns;
pub mod postgres;
pub mod schema;
pub mod seed;
pub mod sending;
pub mod stream_follow;
pub mod time;
pub mod updater;
pub mod users;
pub mod validation;

pub use error::Error;

/// The table the seed's scripts create and use.
pub const TABLE_NAME: &str = "cruddur-messages";

/// The message group the seed's scripts write and read, so `ddb seed` followed by
/// `ddb patterns get-conversation` works with no arguments, as in the bootcamp.
pub const DEFAULT_MESSAGE_GROUP_UUID: &str = "5ae290ed-55d1-47a0-bc6d-fe2bc2700399";

/// The seed's "my" user (Person 1 of a conversation).
pub const DEFAULT_ME: &str = "jess-bk";

/// The seed's "other" user (Person 2 of a conversation).
pub const DEFAULT_OTHER: &str = "bayko";

/// An item as the SDK represents it.
pub type Item = std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue>;
