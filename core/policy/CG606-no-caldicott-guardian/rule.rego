# CG606: a health or care organisation names no Caldicott Guardian.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg606

import rego.v1

deny contains finding if {
	some org, facts in input.facts.organisations
	facts.healthOrCareProcessing
	input.organisations[org].spec.type != "PrimaryCareNetwork"
	not input.organisations[org].spec.contacts.caldicottGuardian
	finding := {
		"resource": {"kind": "Organisation", "name": org},
		"path": ["spec", "contacts", "caldicottGuardian"],
		"message": sprintf("%s processes health or care data but names no Caldicott Guardian", [org]),
		"help": "record spec.contacts.caldicottGuardian {name, email}",
	}
}
