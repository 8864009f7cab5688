# Build targets that `sam build` runs for the functions whose Metadata says `BuildMethod: makefile`
# (template.yaml). SAM's own Maven builder copies only the function's folder and so cannot build a
# module of this multi-module project; here Maven builds the module and the modules it needs from
# the root, and the shaded jar goes to lib/ of the artifact, the folder Lambda's Java runtime puts
# on the classpath (next to the zip's root).
#
# sam build sets ARTIFACTS_DIR. Tests are skipped here: infra/bin/test-all runs them.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

# Must match <version> in pom.xml (a template test checks it).
VERSION := 1.0.0
MVN := mvn -B -ntp -q -DskipTests
# Picks a JDK >= 21 when the default java is older.
WITH_JDK := source infra/bin/lib/jdk.sh &&

.PHONY: build-LookupFunction build-IssuerFunction

build-LookupFunction:
	$(WITH_JDK) $(MVN) -pl functions/lookup -am package
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp functions/lookup/target/voucher-lookup-$(VERSION)-lambda.jar "$(ARTIFACTS_DIR)/lib/"

build-IssuerFunction:
	$(WITH_JDK) $(MVN) -pl functions/issuer -am package
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp functions/issuer/target/voucher-issuer-$(VERSION)-lambda.jar "$(ARTIFACTS_DIR)/lib/"
