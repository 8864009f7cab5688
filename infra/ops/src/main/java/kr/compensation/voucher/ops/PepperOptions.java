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
            description = "The pepper itself, base64 of at least 32 bytes. For the local emulator and tests only: "
                    + "a command line is visible to other users of the machine. Default: the "
                    + PEPPER_VARIABLE + " environment variable.")
    String base64;

    /**
     * @param throwawayAllowed a dry run only counts lines, so without a configured pepper it hashes with a random
     *                         one that is never stored
     */
    byte[] resolve(OpsAws aws, OpsEnvironment environment, boolean throwawayAllowed) {
        if (parameter != null && base64 != null) {
            throw new OpsAws.ConfigurationException("give --pepper-parameter or --pepper-base64, not both");
        }
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
