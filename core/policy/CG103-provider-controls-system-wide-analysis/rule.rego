# CG103: a provider controls system-wide secondary use.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg103

import rego.v1

wider := {"Commissioner", "PublicHealth", "SocialCare"}

provider_only(org) if {
	fs := input.facts.organisations[org].functions
	"Provider" in fs
	count({f | some f in fs; f in wider}) == 0
}

deny contains finding if {
	some name, activity in input.activities
	activity.spec.purpose != "IndividualCare"
	activity.spec.purpose != "Research"
	activity.spec.population == "SystemWide"
	not activity.spec.delegation
	some i, org in activity.spec.controllers
	provider_only(org)
	finding := {
		"resource": {"kind": "ProcessingActivity", "name": name},
		"path": ["spec", "controllers", i],
		"message": sprintf("provider %s is a controller of system-wide %s (%s): a provider's powers reach only its own services and patients", [org, activity.spec.purpose, name]),
		"help": "make the commissioner(s) the controllers and contract the provider as their processor under a DataProcessingContract",
	}
}
