# CG703: a care system member takes part in nothing.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg703

import rego.v1

deny contains finding if {
	some cs_name, cs in input.careSystems
	some i, org in cs.spec.members
	facts := input.facts.organisations[org]
	not facts.participates
	finding := {
		"resource": {"kind": "CareSystem", "name": cs_name},
		"path": ["spec", "members", i],
		"message": sprintf("member %s takes part in no activity, store or agreement", [org]),
		"help": "declare its role (activities, agreements) or remove it from members",
	}
}
