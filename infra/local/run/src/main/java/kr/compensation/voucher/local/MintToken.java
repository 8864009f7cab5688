package kr.compensation.voucher.local;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.localaws.LocalAws;

/** {@code infra/bin/mint-token}: a demo token signed by the local identity providers of the run that is up. */
final class MintToken {

    private MintToken() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        String subject = DemoCustomers.ALL.get(0).subject();
        IssuerRole role = null;
        long ttl = 3600;
        try {
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--subject" -> subject = args.get(++i);
                    case "--issuer" -> role = IssuerRole.fromCode(args.get(++i));
                    case "--ttl" -> ttl = Long.parseLong(args.get(++i));
                    case "--help", "-h" -> {
                        out.println("Usage: infra/bin/mint-token [--subject ID] [--issuer sign-in|identity-verification]"
                                + " [--ttl SECONDS]\nPrints a bearer token for the local run that is up. The issuer"
                                + " defaults to the demo customer's own (sign-in for unknown subjects).");
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            err.println("mint-token: " + (e instanceof IndexOutOfBoundsException ? "an option needs a value" : e.getMessage()));
            return 2;
        }
        if (role == null) {
            String s = subject;
            role = DemoCustomers.ALL.stream().filter(d -> d.subject().equals(s)).map(DemoCustomers.Demo::role)
                    .findFirst().orElse(IssuerRole.SIGN_IN);
        }
        try {
            LocalIdentityProviders providers = LocalIdentityProviders.load(LocalAws.repositoryRoot().resolve(".local"));
            out.println(providers.mint(role, subject, Duration.ofSeconds(ttl)));
            return 0;
        } catch (IOException e) {
            err.println("mint-token: " + e.getMessage());
            return 1;
        }
    }
}
