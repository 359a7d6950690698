# CG605: a public body names no DPO.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg605

import rego.v1

deny contains finding if {
	some org, facts in input.facts.organisations
	facts.publicBody
	not input.organisations[org].spec.contacts.dpo
	finding := {
		"resource": {"kind": "Organisation", "name": org},
		"path": ["spec", "contacts", "dpo"],
		"message": sprintf("public body %s names no Data Protection Officer", [org]),
		"help": "record spec.contacts.dpo {name, email} (GP practices may share one)",
	}
}
