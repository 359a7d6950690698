# CG106: a primary care network is used as a legal entity.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg106

import rego.v1

# Start from the (few) PCNs and follow the facts' indexes to what names
# them, rather than testing every reference of every resource.
pcns contains org if {
	some org, o in input.organisations
	o.spec.type == "PrimaryCareNetwork"
}

msg := "a primary care network is not a legal entity; its member practices are"

deny contains finding if {
	some org in pcns
	some name in input.facts.organisations[org].activitiesControlled
	some i, c in input.activities[name].spec.controllers
	c == org
	finding := {
		"resource": {"kind": "ProcessingActivity", "name": name},
		"path": ["spec", "controllers", i],
		"message": sprintf("PCN %s is a controller of %s: %s", [org, name, msg]),
		"help": "name the member practices as (joint) controllers, or the practice or federation acting for them",
	}
}

deny contains finding if {
	some org in pcns
	some name in input.facts.organisations[org].storesControlled
	some i, c in input.dataStores[name].spec.controllers
	c == org
	finding := {
		"resource": {"kind": "DataStore", "name": name},
		"path": ["spec", "controllers", i],
		"message": sprintf("PCN %s is a controller of store %s: %s", [org, name, msg]),
		"help": "name the member practices as controllers",
	}
}

deny contains finding if {
	some org in pcns
	some name in input.facts.organisations[org].storesHosted
	store := input.dataStores[name]
	store.spec.host == org
	finding := {
		"resource": {"kind": "DataStore", "name": name},
		"path": ["spec", "host"],
		"message": sprintf("PCN %s hosts store %s: %s", [store.spec.host, name, msg]),
		"help": "name the practice or federation that runs the store as host",
	}
}

deny contains finding if {
	some org in pcns
	some name in input.facts.organisations[org].agreements
	some i, party in input.agreements[name].spec.parties
	party.organisation == org
	finding := {
		"resource": {"kind": "Agreement", "name": name},
		"path": ["spec", "parties", i, "organisation"],
		"message": sprintf("PCN %s is a party of agreement %s: %s", [party.organisation, name, msg]),
		"help": "make the member practices the parties (a network agreement binds them)",
	}
}
