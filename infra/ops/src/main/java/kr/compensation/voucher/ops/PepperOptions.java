package kr.compensation.voucher.ops;

import java.security.SecureRandom;
import kr.compensation.voucher.adapters.aws.SsmPepper;
import picocli.CommandLine.Option;

/** Where the customer-key pepper comes from; the loader must hash with the very pepper the lookup function uses. */
public final class PepperOptions {

    static final String PEPPER_VARIABLE = "VOUCHER_PEPPER_BASE64";

    @Option(names = "--pepper-parameter", paramLabel = "NAME",
            description = "SSM Parameter Store SecureString holding the base64 pepper: the one the lookup function "
                    + "reads (its PEPPER_PARAMETER). The way to run against AWS.")
    String parameter;

    @Option(names = "--pepper-base64", paramLabel = "BASE64",
            description = "The pepper itself, base64 of at least 32 bytes. Local emulator only (a loopback "
                    + "--endpoint-url): refused for any other endpoint, because a command line is readable by "
                    + "every user of the machine. Default: the " + PEPPER_VARIABLE + " environment variable "
                    + "(also emulator only, except for a --dry-run).")
    String base64;

    /**
     * Refuses a pepper value given outside SSM unless the tool talks to an emulator on this machine. Called first
     * thing in a command, before any client is built or a stack is looked up, so nothing has gone over the network
     * when it refuses. In AWS the pepper exists only in its SSM parameter: a value on a command line would be in
     * every process listing and in the shell's history, and a value from anywhere else could key customers under a
     * pepper the lookup function does not use.
     *
     * @param dryRun a dry run sends nothing anywhere, so it may take the value from the environment variable
     */
    void checkSource(AwsOptions aws, OpsEnvironment environment, boolean dryRun) {
        if (parameter != null && base64 != null) {
            throw new OpsAws.ConfigurationException("give --pepper-parameter or --pepper-base64, not both");
        }
        if (OpsAws.isEmulator(aws, environment)) {
            return;
        }
        if (base64 != null) {
            throw new OpsAws.ConfigurationException("--pepper-base64 is refused unless --endpoint-url is a loopback "
                    + "emulator: a command line is readable by every user of this machine and stays in the shell's "
                    + "history. Against AWS give --pepper-parameter NAME (the SSM SecureString the lookup reads); "
                    + "if that value was a real pepper, treat it as leaked (docs/runbook.md, \"Suspected pepper "
                    + "leak\").");
        }
        if (parameter == null && !dryRun && environment.variable(PEPPER_VARIABLE) != null) {
            throw new OpsAws.ConfigurationException(PEPPER_VARIABLE + " is for a loopback emulator only; against "
                    + "AWS give --pepper-parameter NAME (the SSM SecureString the lookup reads)");
        }
    }

    /**
     * @param throwawayAllowed a dry run only counts lines, so without a configured pepper it hashes with a random
     *                         one that is never stored
     */
    byte[] resolve(OpsAws aws, OpsEnvironment environment, boolean throwawayAllowed) {
        try {
            if (parameter != null) {
                return SsmPepper.load(aws.ssm(), parameter);
            }
            if (base64 != null) {
                return SsmPepper.decode(base64);
            }
            String fromEnvironment = environment.variable(PEPPER_VARIABLE);
            if (fromEnvironment != null) {
                return SsmPepper.decode(fromEnvironment);
            }
        } catch (IllegalStateException e) {
            throw new OpsAws.ConfigurationException(e.getMessage());
        }
        if (throwawayAllowed) {
            byte[] pepper = new byte[32];
            new SecureRandom().nextBytes(pepper);
            return pepper;
        }
        throw new OpsAws.ConfigurationException("no pepper: give --pepper-parameter NAME (AWS), or --pepper-base64 / "
                + PEPPER_VARIABLE + " (local emulator)");
    }
}
