//! The catalogue of response-team roles, from a CSIRT: the one list that scenarios address
//! injects to and that plans staff. Ids are stable `snake_case` words used in every file.

/// One role in the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Role {
    pub id: &'static str,
    pub name: &'static str,
    pub duty: &'static str,
}

/// Every role a scenario or plan may name.
pub const ROLES: &[Role] = &[
    Role { id: "incident_commander", name: "Incident commander", duty: "owns decisions and the clock" },
    Role { id: "soc_analyst", name: "SOC analyst", duty: "triage, scoping, evidence" },
    Role { id: "it_operations", name: "IT operations", duty: "isolation, restore, patching" },
    Role { id: "legal", name: "Legal counsel", duty: "notification duties, privilege" },
    Role { id: "communications", name: "Communications", duty: "staff, customers, press" },
    Role { id: "executive", name: "Executive", duty: "materiality, ransom and business decisions" },
    Role { id: "dpo", name: "Data protection officer", duty: "personal-data breach assessment" },
    Role { id: "hr", name: "Human resources", duty: "insider matters, staff welfare" },
    Role { id: "msp", name: "Managed service provider", duty: "outsourced IT and monitoring" },
    Role { id: "forensics", name: "Forensics firm", duty: "outside investigation on retainer" },
];

/// Looks a role up by id.
pub fn find(id: &str) -> Option<&'static Role> {
    ROLES.iter().find(|role| role.id == id)
}

/// All role ids, for suggestions.
pub fn ids() -> impl Iterator<Item = &'static str> {
    ROLES.iter().map(|role| role.id)
}
