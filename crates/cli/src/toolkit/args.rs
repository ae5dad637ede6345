//! Arguments every toolkit subcommand shares: where to send requests and how to print.

use ddb_cruddur::endpoint::{self, Source, Target};
use ddb_cruddur::Error;

/// Output style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Output {
    /// Human-readable (also `table`)
    #[value(alias = "table")]
    Text,
    /// One JSON document, for scripts
    Json,
}

/// Connection and output options. The positional `prod` is the seed's spelling; `--prod` the
/// conventional one; they mean the same.
#[derive(Debug, Clone, clap::Args)]
pub struct Conn {
    /// `prod` to use real AWS (standard credentials and region), as the seed's scripts accept
    #[arg(value_name = "prod", value_parser = ["prod"])]
    pub prod_word: Option<String>,
    /// Use real AWS (standard credentials and region), no endpoint override
    #[arg(long)]
    pub prod: bool,
    /// DynamoDB endpoint (default: $AWS_ENDPOINT_URL_DYNAMODB, $AWS_ENDPOINT_URL, http://localhost:8000)
    #[arg(long, value_name = "URL", alias = "endpoint")]
    pub endpoint_url: Option<String>,
    /// Output style
    #[arg(long, value_enum, default_value_t = Output::Text)]
    pub output: Output,
}

impl Conn {
    pub fn is_prod(&self) -> bool {
        self.prod || self.prod_word.is_some()
    }

    pub fn target(&self) -> Result<Target, Error> {
        endpoint::resolve_from_env(self.is_prod(), self.endpoint_url.as_deref())
    }

    pub async fn client(&self) -> Result<aws_sdk_dynamodb::Client, Error> {
        endpoint::client(&self.target()?).await
    }

    pub fn json(&self) -> bool {
        self.output == Output::Json
    }

    /// The connection arguments to repeat in a suggested command (` prod`, ` --endpoint-url
    /// URL`); an endpoint from the environment needs none.
    pub fn flags(&self) -> String {
        match self.target() {
            Ok(Target::Aws) => " prod".to_string(),
            Ok(Target::Local {
                url,
                source: Source::Flag,
            }) => format!(" --endpoint-url {url}"),
            _ => String::new(),
        }
    }
}

/// Prints a JSON document, pretty, on stdout.
pub fn print_json(value: &serde_json::Value) {
    say!("{}", ddb_cruddur::format::pretty(value));
}

/// Refuses a message the way Cruddur's backend does: its error codes, as `{"errors": [...]}`
/// on stdout with `--output json` (the body of the backend's 422), otherwise one line each on
/// stderr; exit status 1 either way.
pub fn reject(conn: &Conn, codes: &[ddb_cruddur::validation::Code]) -> std::process::ExitCode {
    if conn.json() {
        let codes: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
        print_json(&serde_json::json!({ "errors": codes }));
    } else {
        for code in codes {
            eprintln!("error: {}: {}", code.as_str(), code.explain());
        }
    }
    std::process::ExitCode::FAILURE
}
