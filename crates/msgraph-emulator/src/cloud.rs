//! The national clouds (reference §1.1): which login and Graph hosts, and which
//! discovery-document values, the emulator pretends to be.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cloud {
    #[default]
    Worldwide,
    /// GCC (moderate) tenants use the worldwide hosts; the discovery document marks them.
    Gcc,
    GccHigh,
    Dod,
    China,
}

impl Cloud {
    pub const ALL: [Cloud; 5] = [
        Cloud::Worldwide,
        Cloud::Gcc,
        Cloud::GccHigh,
        Cloud::Dod,
        Cloud::China,
    ];

    pub fn login_host(self) -> &'static str {
        match self {
            Cloud::Worldwide | Cloud::Gcc => "login.microsoftonline.com",
            Cloud::GccHigh | Cloud::Dod => "login.microsoftonline.us",
            Cloud::China => "login.partner.microsoftonline.cn",
        }
    }

    pub fn graph_host(self) -> &'static str {
        match self {
            Cloud::Worldwide | Cloud::Gcc => "graph.microsoft.com",
            Cloud::GccHigh => "graph.microsoft.us",
            Cloud::Dod => "dod-graph.microsoft.us",
            Cloud::China => "microsoftgraph.chinacloudapi.cn",
        }
    }

    pub fn cloud_instance_name(self) -> &'static str {
        match self {
            Cloud::Worldwide | Cloud::Gcc => "microsoftonline.com",
            Cloud::GccHigh | Cloud::Dod => "microsoftonline.us",
            Cloud::China => "partner.microsoftonline.cn",
        }
    }

    /// `tenant_region_scope` and `tenant_region_sub_scope`; sources disagree on the
    /// government values [3p], so clients must key on `msgraph_host`, not on these.
    pub fn region_scopes(self) -> (&'static str, Option<&'static str>) {
        match self {
            Cloud::Worldwide => ("WW", None),
            Cloud::Gcc => ("NA", Some("GCC")),
            Cloud::GccHigh => ("USGov", Some("DODCON")),
            Cloud::Dod => ("USGov", Some("DOD")),
            Cloud::China => ("AS", None),
        }
    }

    pub fn parse(name: &str) -> Option<Cloud> {
        Cloud::ALL.into_iter().find(|c| c.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Cloud::Worldwide => "worldwide",
            Cloud::Gcc => "gcc",
            Cloud::GccHigh => "gcc-high",
            Cloud::Dod => "dod",
            Cloud::China => "china",
        }
    }
}
