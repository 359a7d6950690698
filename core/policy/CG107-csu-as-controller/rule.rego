# CG107: a commissioning support unit is a controller.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg107

import rego.v1

csu(org) if input.organisations[org].spec.type == "CommissioningSupportUnit"

deny contains finding if {
	some name, activity in input.activities
	some i, org in activity.spec.controllers
	csu(org)
	finding := {
		"resource": {"kind": "ProcessingActivity", "name": name},
		"path": ["spec", "controllers", i],
		"message": sprintf("commissioning support unit %s is a controller of %s; a CSU acts as processor for its commissioners", [org, name]),
		"help": "make the commissioner the controller and the CSU its processor under a DataProcessingContract",
	}
}

deny contains finding if {
	some name, store in input.dataStores
	some i, org in store.spec.controllers
	csu(org)
	finding := {
		"resource": {"kind": "DataStore", "name": name},
		"path": ["spec", "controllers", i],
		"message": sprintf("commissioning support unit %s is a controller of store %s; a CSU acts as processor", [org, name]),
		"help": "make the commissioner the controller and the CSU the host",
	}
}

deny contains finding if {
	some name, agreement in input.agreements
	some i, party in agreement.spec.parties
	party.role in {"Controller", "JointController"}
	csu(party.organisation)
	finding := {
		"resource": {"kind": "Agreement", "name": name},
		"path": ["spec", "parties", i, "role"],
		"message": sprintf("commissioning support unit %s is a %s in agreement %s; a CSU acts as processor (NHS England is the legal entity behind it)", [party.organisation, party.role, name]),
		"help": "make the CSU the Processor",
	}
}
