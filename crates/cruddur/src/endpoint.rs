//! Where the toolkit's requests go, and with which credentials.
//!
//! The seed's rule is "localhost:8000 unless `prod`". We keep it and add the standard overrides:
//!
//! * `prod` → real AWS: the standard credential chain and region, and **no endpoint override**,
//!   not even one from `AWS_ENDPOINT_URL*` — a developer who exports that variable for local
//!   work and then says `prod` means AWS;
//! * otherwise `--endpoint-url`, else `AWS_ENDPOINT_URL_DYNAMODB`, else `AWS_ENDPOINT_URL`, else
//!   `http://localhost:8000`. Credentials come from the environment or the shared profile files
//!   when present, and are otherwise dummy values (a local server needs a signature, not a real
//!   key), so a new user needs no `~/.aws`. Nothing here contacts instance metadata, which on a
//!   laptop would only add a timeout.

use aws_config::environment::credentials::EnvironmentVariableCredentialsProvider;
use aws_config::environment::region::EnvironmentVariableRegionProvider;
use aws_config::meta::credentials::CredentialsProviderChain;
use aws_config::meta::region::RegionProviderChain;
use aws_config::profile::{ProfileFileCredentialsProvider, ProfileFileRegionProvider};
use aws_config::BehaviorVersion;
use aws_sdk_dynamodb::config::{Credentials, Region};
use aws_sdk_dynamodb::Client;

use crate::Error;

/// The seed's endpoint: DynamoDB Local's port, and `ddb serve`'s default.
pub const DEFAULT_ENDPOINT: &str = "http://localhost:8000";

/// Region used against a local endpoint when none is configured.
pub const DEFAULT_LOCAL_REGION: &str = "us-east-1";

/// Dummy access key for local endpoints, used when no real credentials are configured.
pub(crate) const DUMMY_ACCESS_KEY: &str = "AKIDDDBLOCAL";
/// The secret key that goes with [`DUMMY_ACCESS_KEY`]; a local server checks no signature.
pub(crate) const DUMMY_SECRET_KEY: &str = "ddb-local-secret";

/// Where an endpoint URL came from, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `--endpoint-url` on the command line.
    Flag,
    /// The `AWS_ENDPOINT_URL_DYNAMODB` environment variable.
    EnvDynamoDb,
    /// The `AWS_ENDPOINT_URL` environment variable.
    EnvGlobal,
    /// Nothing given: [`DEFAULT_ENDPOINT`].
    Default,
}

/// The resolved destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Real AWS: the SDK's own endpoint for the region.
    Aws,
    /// A DynamoDB-compatible endpoint such as `ddb serve`.
    Local {
        /// The endpoint URL, trimmed.
        url: String,
        /// Which setting gave the URL.
        source: Source,
    },
}

impl Target {
    /// The endpoint override the client will use; `None` means AWS's regional endpoint.
    pub fn endpoint_url(&self) -> Option<&str> {
        match self {
            Target::Aws => None,
            Target::Local { url, .. } => Some(url),
        }
    }

    /// For messages: "AWS" or the URL.
    pub fn describe(&self) -> String {
        match self {
            Target::Aws => "AWS (standard credentials and region)".to_string(),
            Target::Local { url, .. } => url.clone(),
        }
    }
}

/// Applies the rules above. `env` looks a variable up (the process environment in the CLI, a
/// closure in tests). `prod` together with an explicit `--endpoint-url` is contradictory and
/// refused rather than guessed.
pub fn resolve(
    prod: bool,
    endpoint_url: Option<&str>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Target, Error> {
    let flag = endpoint_url.map(str::trim).filter(|s| !s.is_empty());
    if prod {
        if let Some(url) = flag {
            return Err(Error::Config(format!(
                "`prod` means real AWS with no endpoint override; use one or the other (--endpoint-url {url})"
            )));
        }
        return Ok(Target::Aws);
    }
    let nonempty = |name: &str| {
        env(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let (url, source) = if let Some(url) = flag {
        (url.to_string(), Source::Flag)
    } else if let Some(url) = nonempty("AWS_ENDPOINT_URL_DYNAMODB") {
        (url, Source::EnvDynamoDb)
    } else if let Some(url) = nonempty("AWS_ENDPOINT_URL") {
        (url, Source::EnvGlobal)
    } else {
        (DEFAULT_ENDPOINT.to_string(), Source::Default)
    };
    check_url(&url).map_err(|problem| {
        Error::Config(format!(
            "endpoint URL `{url}` ({}) {problem}",
            source.describe()
        ))
    })?;
    Ok(Target::Local { url, source })
}

impl Source {
    /// Where the URL came from, for messages: "from --endpoint-url".
    pub fn describe(self) -> &'static str {
        match self {
            Source::Flag => "from --endpoint-url",
            Source::EnvDynamoDb => "from $AWS_ENDPOINT_URL_DYNAMODB",
            Source::EnvGlobal => "from $AWS_ENDPOINT_URL",
            Source::Default => "the default",
        }
    }
}

/// Checks an endpoint URL before any request is made; the error completes the sentence
/// "endpoint URL `...` (from ...) ...".
pub fn check_url(url: &str) -> Result<(), String> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(format!("has no scheme; did you mean `http://{url}`?"));
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(format!("has scheme `{scheme}`; use http:// or https://"));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.is_empty() {
        return Err("has no host; e.g. http://localhost:8000".into());
    }
    if authority.contains('@') {
        return Err("carries a user name; use only scheme, host and port".into());
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        match v6.split_once(']') {
            Some((addr, tail)) if addr.parse::<std::net::Ipv6Addr>().is_ok() => {
                (authority, tail.strip_prefix(':'))
            }
            _ => return Err(format!("has an invalid IPv6 host `{authority}`")),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let valid_label = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    if !host.starts_with('[') && (host.is_empty() || !host.split('.').all(valid_label)) {
        return Err(format!("has an invalid host `{host}`"));
    }
    if let Some(port) = port {
        if port.parse::<u16>().map_or(true, |p| p == 0) {
            return Err(format!("has an invalid port `{port}` (1 to 65535)"));
        }
    }
    if rest.chars().any(char::is_whitespace) {
        return Err("contains a space".into());
    }
    Ok(())
}

/// [`resolve`] against the process environment.
pub fn resolve_from_env(prod: bool, endpoint_url: Option<&str>) -> Result<Target, Error> {
    resolve(prod, endpoint_url, |name| std::env::var(name).ok())
}

/// The SDK configuration shared by the DynamoDB and DynamoDB Streams clients of a target.
async fn shared_config(target: &Target) -> Result<aws_config::SdkConfig, Error> {
    match target {
        Target::Aws => {
            let sdk = aws_config::defaults(BehaviorVersion::latest()).load().await;
            if sdk.region().is_none() {
                return Err(Error::Config(
                    "`prod` needs an AWS region: set AWS_REGION or a region in your AWS profile"
                        .into(),
                ));
            }
            // Resolve the credentials now, so a machine without any says so in one line
            // instead of failing inside the first request.
            use aws_sdk_dynamodb::config::ProvideCredentials;
            let found = match sdk.credentials_provider() {
                Some(provider) => match provider.provide_credentials().await {
                    Ok(_) => Ok(()),
                    Err(e) => Err(format!("{e:#?}")),
                },
                None => Err("no credentials provider".to_string()),
            };
            if let Err(detail) = found {
                return Err(Error::Credentials {
                    message: "`prod` found no AWS credentials; set AWS_PROFILE or \
                              AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or run `aws configure`)"
                        .into(),
                    detail,
                });
            }
            Ok(sdk)
        }
        Target::Local { url, .. } => {
            let region = RegionProviderChain::first_try(EnvironmentVariableRegionProvider::new())
                .or_else(ProfileFileRegionProvider::new())
                .or_else(Region::new(DEFAULT_LOCAL_REGION));
            let credentials = CredentialsProviderChain::first_try(
                "Environment",
                EnvironmentVariableCredentialsProvider::new(),
            )
            .or_else("Profile", ProfileFileCredentialsProvider::builder().build())
            .or_else(
                "ddb-dummy",
                Credentials::new(DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY, None, None, "ddb-dummy"),
            );
            Ok(aws_config::defaults(BehaviorVersion::latest())
                .region(region)
                .credentials_provider(credentials)
                .endpoint_url(url.clone())
                .retry_config(local_retry())
                .timeout_config(local_timeouts())
                .load()
                .await)
        }
    }
}

/// The SDK client configuration for a target.
pub async fn client_config(target: &Target) -> Result<aws_sdk_dynamodb::Config, Error> {
    let sdk = shared_config(target).await?;
    let mut builder = aws_sdk_dynamodb::config::Builder::from(&sdk);
    if *target == Target::Aws {
        // The loader also honours AWS_ENDPOINT_URL(_DYNAMODB) and profile `endpoint_url`;
        // `prod` promises AWS itself, so clear whatever it picked up.
        builder.set_endpoint_url(None);
    }
    Ok(builder.build())
}

/// A DynamoDB Streams client for a target. `ddb serve` answers the Streams API on the same
/// port as DynamoDB's, so a local target uses the same URL; AWS has a separate regional
/// endpoint, which the SDK knows.
pub async fn streams_client(target: &Target) -> Result<aws_sdk_dynamodbstreams::Client, Error> {
    let sdk = shared_config(target).await?;
    let mut builder = aws_sdk_dynamodbstreams::config::Builder::from(&sdk);
    if *target == Target::Aws {
        builder.set_endpoint_url(None);
    }
    Ok(aws_sdk_dynamodbstreams::Client::from_conf(builder.build()))
}

/// Retries against a local endpoint: one, soon. A server that is not running will not start
/// in the next seconds, and a local one does not throttle; the one retry covers a pooled
/// connection the server closed meanwhile.
fn local_retry() -> aws_sdk_dynamodb::config::retry::RetryConfig {
    aws_sdk_dynamodb::config::retry::RetryConfig::standard()
        .with_max_attempts(2)
        .with_initial_backoff(std::time::Duration::from_millis(20))
        .with_max_backoff(std::time::Duration::from_millis(200))
}

/// Connecting to a local endpoint takes milliseconds; give up after 2 s instead of the SDK's
/// default, so an address that swallows packets answers quickly too.
fn local_timeouts() -> aws_sdk_dynamodb::config::timeout::TimeoutConfig {
    aws_sdk_dynamodb::config::timeout::TimeoutConfig::builder()
        .connect_timeout(std::time::Duration::from_secs(2))
        .build()
}

/// An SDK client for a target.
pub async fn client(target: &Target) -> Result<Client, Error> {
    Ok(Client::from_conf(client_config(target).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn default_is_localhost_8000() {
        let t = resolve(false, None, env_of(&[])).unwrap();
        assert_eq!(t.endpoint_url(), Some("http://localhost:8000"));
    }

    #[test]
    fn flag_beats_environment() {
        let env = env_of(&[
            ("AWS_ENDPOINT_URL_DYNAMODB", "http://a:1"),
            ("AWS_ENDPOINT_URL", "http://b:2"),
        ]);
        let t = resolve(false, Some("http://flag:3"), &env).unwrap();
        assert_eq!(
            t,
            Target::Local {
                url: "http://flag:3".into(),
                source: Source::Flag
            }
        );
        let t = resolve(false, None, &env).unwrap();
        assert_eq!(t.endpoint_url(), Some("http://a:1"));
        let t = resolve(false, None, env_of(&[("AWS_ENDPOINT_URL", "http://b:2")])).unwrap();
        assert_eq!(t.endpoint_url(), Some("http://b:2"));
        let t = resolve(false, None, env_of(&[("AWS_ENDPOINT_URL_DYNAMODB", " ")])).unwrap();
        assert_eq!(t.endpoint_url(), Some(DEFAULT_ENDPOINT));
    }

    #[test]
    fn prod_ignores_endpoint_environment() {
        let env = env_of(&[
            ("AWS_ENDPOINT_URL_DYNAMODB", "http://a:1"),
            ("AWS_ENDPOINT_URL", "http://b:2"),
        ]);
        let t = resolve(true, None, env).unwrap();
        assert_eq!(t, Target::Aws);
        assert_eq!(t.endpoint_url(), None);
    }

    #[test]
    fn urls_are_checked() {
        for good in [
            "http://localhost:8000",
            "https://dynamodb.eu-west-1.amazonaws.com",
            "http://127.0.0.1:8000/",
            "http://[::1]:8000",
            "HTTP://ddb.internal",
            "http://proxy:8080/dynamodb",
        ] {
            assert_eq!(check_url(good), Ok(()), "{good}");
        }
        for (bad, problem) in [
            (
                "localhost:8000",
                "has no scheme; did you mean `http://localhost:8000`?",
            ),
            ("tcp://x", "has scheme `tcp`; use http:// or https://"),
            ("http:///x", "has no host; e.g. http://localhost:8000"),
            ("http://a b", "has an invalid host `a b`"),
            ("http://-a.b", "has an invalid host `-a.b`"),
            ("http://a..b", "has an invalid host `a..b`"),
            ("http://a:0", "has an invalid port `0` (1 to 65535)"),
            ("http://a:", "has an invalid port `` (1 to 65535)"),
            ("http://[nope]:1", "has an invalid IPv6 host `[nope]:1`"),
            (
                "http://u@a:1",
                "carries a user name; use only scheme, host and port",
            ),
            ("http://a:1/x y", "contains a space"),
        ] {
            assert_eq!(check_url(bad), Err(problem.to_string()), "{bad}");
        }
    }

    #[test]
    fn a_bad_url_is_refused_naming_its_source() {
        let e = resolve(false, None, env_of(&[("AWS_ENDPOINT_URL", "localhost:1")])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "endpoint URL `localhost:1` (from $AWS_ENDPOINT_URL) has no scheme; did you mean `http://localhost:1`?"
        );
    }

    #[test]
    fn prod_with_explicit_endpoint_is_refused() {
        assert!(resolve(true, Some("http://x:1"), env_of(&[])).is_err());
    }
}
