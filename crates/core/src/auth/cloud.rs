//! Microsoft's separate clouds (reference §1.1): which sign-in and Graph hosts
//! belong together, and how Graph scopes are named in each.

use serde::{Deserialize, Serialize};

/// A Microsoft 365 deployment. GCC (moderate) tenants use the worldwide hosts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cloud {
    #[default]
    Worldwide,
    GccHigh,
    Dod,
    China,
}

/// The scopes every sign-in asks for besides Graph permissions.
pub const OIDC_SCOPES: [&str; 3] = ["openid", "profile", "offline_access"];

impl Cloud {
    pub const ALL: [Cloud; 4] = [Cloud::Worldwide, Cloud::GccHigh, Cloud::Dod, Cloud::China];

    /// Sign-in hosts, the preferred one first. China has two: Entra's docs name
    /// the first, older Graph docs the second; both are accepted in settings.
    pub fn login_hosts(self) -> &'static [&'static str] {
        match self {
            Cloud::Worldwide => &["login.microsoftonline.com"],
            Cloud::GccHigh | Cloud::Dod => &["login.microsoftonline.us"],
            Cloud::China => &["login.partner.microsoftonline.cn", "login.chinacloudapi.cn"],
        }
    }

    pub fn graph_host(self) -> &'static str {
        match self {
            Cloud::Worldwide => "graph.microsoft.com",
            Cloud::GccHigh => "graph.microsoft.us",
            Cloud::Dod => "dod-graph.microsoft.us",
            Cloud::China => "microsoftgraph.chinacloudapi.cn",
        }
    }

    /// `https://{login host}`: the authority base without tenant.
    pub fn authority(self) -> String {
        format!("https://{}", self.login_hosts()[0])
    }

    /// `https://{graph host}`: the Graph base without version.
    pub fn graph(self) -> String {
        format!("https://{}", self.graph_host())
    }

    /// The name used in settings and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Cloud::Worldwide => "worldwide",
            Cloud::GccHigh => "gcc-high",
            Cloud::Dod => "dod",
            Cloud::China => "china",
        }
    }

    /// Parses a settings or command-line name; `gcc` means the worldwide hosts.
    pub fn parse(name: &str) -> Option<Cloud> {
        let name = name.trim().to_ascii_lowercase();
        match name.as_str() {
            "gcc" | "global" | "commercial" => Some(Cloud::Worldwide),
            "gcchigh" | "usgov" => Some(Cloud::GccHigh),
            "china" | "21vianet" => Some(Cloud::China),
            _ => Cloud::ALL.into_iter().find(|c| c.name() == name),
        }
    }

    /// The cloud a Graph host belongs to (discovery's `msgraph_host`).
    pub fn from_graph_host(host: &str) -> Option<Cloud> {
        Cloud::ALL
            .into_iter()
            .find(|c| c.graph_host().eq_ignore_ascii_case(host))
    }

    /// A Graph permission as this cloud's token endpoint wants it: short on the
    /// worldwide cloud, qualified with the Graph host elsewhere (reference §1.1,
    /// the safe choice for national clouds). OIDC scopes stay as they are.
    pub fn qualify_scope(self, scope: &str) -> String {
        if OIDC_SCOPES.contains(&scope) || scope.contains("://") || self == Cloud::Worldwide {
            scope.to_owned()
        } else {
            format!("https://{}/{scope}", self.graph_host())
        }
    }
}

impl std::fmt::Display for Cloud {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Cloud::Worldwide => "Worldwide (including GCC)",
            Cloud::GccHigh => "US Government GCC High",
            Cloud::Dod => "US Government DoD",
            Cloud::China => "China (21Vianet)",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table of reference §1.1, row by row.
    #[test]
    fn national_cloud_table() {
        let rows = [
            (
                Cloud::Worldwide,
                "https://login.microsoftonline.com",
                "https://graph.microsoft.com",
            ),
            (
                Cloud::GccHigh,
                "https://login.microsoftonline.us",
                "https://graph.microsoft.us",
            ),
            (
                Cloud::Dod,
                "https://login.microsoftonline.us",
                "https://dod-graph.microsoft.us",
            ),
            (
                Cloud::China,
                "https://login.partner.microsoftonline.cn",
                "https://microsoftgraph.chinacloudapi.cn",
            ),
        ];
        for (cloud, login, graph) in rows {
            assert_eq!(cloud.authority(), login);
            assert_eq!(cloud.graph(), graph);
            assert_eq!(Cloud::parse(cloud.name()), Some(cloud));
            assert_eq!(Cloud::from_graph_host(cloud.graph_host()), Some(cloud));
        }
        assert!(Cloud::China
            .login_hosts()
            .contains(&"login.chinacloudapi.cn"));
        assert_eq!(Cloud::parse("GCC"), Some(Cloud::Worldwide));
        assert_eq!(Cloud::parse("germany"), None);
    }

    #[test]
    fn scopes_are_qualified_outside_the_worldwide_cloud() {
        assert_eq!(
            Cloud::Worldwide.qualify_scope("Calendars.Read"),
            "Calendars.Read"
        );
        assert_eq!(
            Cloud::Dod.qualify_scope("Calendars.Read"),
            "https://dod-graph.microsoft.us/Calendars.Read"
        );
        assert_eq!(
            Cloud::China.qualify_scope("offline_access"),
            "offline_access"
        );
    }
}
