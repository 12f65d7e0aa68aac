//! Which `Host` and `Origin` a request may name: the guard against DNS rebinding.
//!
//! A page the author visits can point a name it controls (`evil.example`) at 127.0.0.1 and
//! then read the preview as if it were its own site: the browser connects to the dev server
//! but still sends `Host: evil.example`. Answering only for the names the server is meant to
//! be reached by (loopback names, the bound address, and what `--allowed-host` adds) closes
//! that, as webpack-dev-server and Vite (`server.allowedHosts`) do. The port is not compared:
//! the attack is in the name.

use std::net::IpAddr;

/// The names the server answers for.
#[derive(Debug, Clone)]
pub(crate) struct AllowedHosts {
    /// The address the server listens on (unspecified, 0.0.0.0 or `::`, names no host).
    bound: IpAddr,
    /// `--allowed-host` values, lower case; `.example.org` allows the name and every subdomain.
    extra: Vec<String>,
}

impl AllowedHosts {
    pub(crate) fn new(bound: IpAddr, extra: &[String]) -> AllowedHosts {
        AllowedHosts {
            bound,
            extra: extra.iter().map(|h| normalise(h)).collect(),
        }
    }

    /// Whether a `Host` header (`name`, `name:port`, `[v6]` or `[v6]:port`) is allowed.
    pub(crate) fn allows_host(&self, host: &str) -> bool {
        split_port(host).is_some_and(|name| self.allows_name(name))
    }

    /// Whether an `Origin` header is one of the allowed hosts over http or https (a tunnel in
    /// front of the server speaks https). `null` (a sandboxed page, a file) is never allowed.
    pub(crate) fn allows_origin(&self, origin: &str) -> bool {
        let Some(rest) = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
        else {
            return false;
        };
        !rest.contains(['/', '@', '?', '#']) && self.allows_host(rest)
    }

    fn allows_name(&self, name: &str) -> bool {
        let name = normalise(name);
        if name.is_empty() {
            return false;
        }
        if let Ok(ip) = name.parse::<IpAddr>() {
            return ip.is_loopback()
                || (ip == self.bound && !ip.is_unspecified())
                || self.extra.iter().any(|h| h.parse() == Ok(ip));
        }
        name == "localhost"
            || name.ends_with(".localhost")
            || self
                .extra
                .iter()
                .any(|allowed| match allowed.strip_prefix('.') {
                    Some(domain) => name == domain || name.ends_with(allowed.as_str()),
                    None => name == *allowed,
                })
    }
}

/// A name as compared: lower case, without the brackets of an IPv6 address or the final dot
/// of a fully qualified name.
fn normalise(name: &str) -> String {
    let name = name.trim().to_ascii_lowercase();
    let name = name
        .strip_prefix('[')
        .and_then(|n| n.strip_suffix(']'))
        .unwrap_or(&name);
    name.strip_suffix('.').unwrap_or(name).to_string()
}

/// The name of a `Host` value without its port; `None` when it is not one.
fn split_port(host: &str) -> Option<&str> {
    let host = host.trim();
    if let Some(rest) = host.strip_prefix('[') {
        let (name, after) = rest.split_once(']')?;
        return (after.is_empty() || port(after.strip_prefix(':')?)).then_some(name);
    }
    match host.rsplit_once(':') {
        // More than one colon is an IPv6 address without brackets, which a Host never is.
        Some((name, _)) if name.contains(':') => None,
        Some((name, p)) => port(p).then_some(name),
        None => Some(host),
    }
}

fn port(text: &str) -> bool {
    !text.is_empty() && text.len() <= 5 && text.bytes().all(|b| b.is_ascii_digit())
}

/// Checks an `--allowed-host` value: a host name or an IP address, without scheme, port or
/// path (`.example.org` for a domain and its subdomains); returns it as compared.
pub(super) fn parse_allowed_host(value: &str) -> Result<String, String> {
    let name = normalise(value);
    let bare = name.strip_prefix('.').unwrap_or(&name);
    if bare.parse::<IpAddr>().is_ok() {
        return Ok(name);
    }
    let label_ok = |label: &str| {
        !label.is_empty()
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    if bare.split('.').all(label_ok) {
        return Ok(name);
    }
    Err(format!(
        "`{value}` is not a host name: give the name alone, without scheme, port or path (e.g. `--allowed-host my-laptop.local`)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(bound: &str, extra: &[&str]) -> AllowedHosts {
        let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        AllowedHosts::new(bound.parse().unwrap(), &extra)
    }

    #[test]
    fn loopback_names_are_allowed_with_any_port() {
        let h = hosts("127.0.0.1", &[]);
        for host in [
            "localhost",
            "localhost:1111",
            "LOCALHOST:1",
            "localhost.",
            "brief.localhost:8080",
            "127.0.0.1",
            "127.0.0.1:1111",
            "127.1.2.3:80",
            "[::1]",
            "[::1]:1111",
            "[0:0:0:0:0:0:0:1]:9",
        ] {
            assert!(h.allows_host(host), "{host}");
        }
    }

    #[test]
    fn other_names_are_refused() {
        let h = hosts("127.0.0.1", &[]);
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "evillocalhost",
            "192.168.1.5:1111",
            "0.0.0.0",
            "",
            ":1111",
            "localhost:port",
            "localhost:1111:2",
            "::1",
            "[::1]x",
            "localhost@evil.example",
        ] {
            assert!(!h.allows_host(host), "{host:?}");
        }
    }

    #[test]
    fn the_bound_address_and_allowed_hosts_are_allowed() {
        let h = hosts(
            "192.168.1.5",
            &["my-laptop.local", ".tunnel.example", "10.0.0.2"],
        );
        for host in [
            "192.168.1.5:1111",
            "my-laptop.local",
            "My-Laptop.Local:80",
            "tunnel.example",
            "abc.tunnel.example:443",
            "10.0.0.2:1111",
        ] {
            assert!(h.allows_host(host), "{host}");
        }
        for host in ["other.local", "xtunnel.example", "10.0.0.3"] {
            assert!(!h.allows_host(host), "{host}");
        }
        // An unspecified bind address names no host.
        assert!(!hosts("0.0.0.0", &[]).allows_host("0.0.0.0:1111"));
        assert!(!hosts("::", &[]).allows_host("[::]:1111"));
    }

    #[test]
    fn origins_are_allowed_hosts_over_http() {
        let h = hosts("127.0.0.1", &["my-laptop.local"]);
        for origin in [
            "http://localhost:1111",
            "http://127.0.0.1:1111",
            "http://[::1]:1111",
            "https://my-laptop.local",
        ] {
            assert!(h.allows_origin(origin), "{origin}");
        }
        for origin in [
            "null",
            "http://evil.example",
            "http://evil.example:1111",
            "file://",
            "ftp://localhost",
            "http://localhost/path",
            "http://localhost@evil.example",
            "localhost",
        ] {
            assert!(!h.allows_origin(origin), "{origin}");
        }
    }

    #[test]
    fn allowed_host_values_are_checked() {
        assert_eq!(
            parse_allowed_host("My-Laptop.Local").unwrap(),
            "my-laptop.local"
        );
        assert_eq!(parse_allowed_host(".example.org").unwrap(), ".example.org");
        assert_eq!(parse_allowed_host("[::1]").unwrap(), "::1");
        assert_eq!(parse_allowed_host("10.0.0.2").unwrap(), "10.0.0.2");
        for bad in [
            "",
            "http://example.org",
            "example.org:8080",
            "example.org/x",
            "a..b",
            "*",
        ] {
            assert!(parse_allowed_host(bad).is_err(), "{bad}");
        }
    }
}
