# CG106: a primary care network is used as a legal entity.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg106

import rego.v1

pcn(org) if input.organisations[org].spec.type == "PrimaryCareNetwork"

msg := "a primary care network is not a legal entity; its member practices are"

deny contains finding if {
	some name, activity in input.activities
	some i, org in activity.spec.controllers
	pcn(org)
	finding := {
		"resource": {"kind": "ProcessingActivity", "name": name},
		"path": ["spec", "controllers", i],
		"message": sprintf("PCN %s is a controller of %s: %s", [org, name, msg]),
		"help": "name the member practices as (joint) controllers, or the practice or federation acting for them",
	}
}

deny contains finding if {
	some name, store in input.dataStores
	some i, org in store.spec.controllers
	pcn(org)
	finding := {
		"resource": {"kind": "DataStore", "name": name},
		"path": ["spec", "controllers", i],
		"message": sprintf("PCN %s is a controller of store %s: %s", [org, name, msg]),
		"help": "name the member practices as controllers",
	}
}

deny contains finding if {
	some name, store in input.dataStores
	pcn(store.spec.host)
	finding := {
		"resource": {"kind": "DataStore", "name": name},
		"path": ["spec", "host"],
		"message": sprintf("PCN %s hosts store %s: %s", [store.spec.host, name, msg]),
		"help": "name the practice or federation that runs the store as host",
	}
}

deny contains finding if {
	some name, agreement in input.agreements
	some i, party in agreement.spec.parties
	pcn(party.organisation)
	finding := {
		"resource": {"kind": "Agreement", "name": name},
		"path": ["spec", "parties", i, "organisation"],
		"message": sprintf("PCN %s is a party of agreement %s: %s", [party.organisation, name, msg]),
		"help": "make the member practices the parties (a network agreement binds them)",
	}
}
