package kr.compensation.voucher.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.reliability.harness.HttpExchange;
import kr.compensation.voucher.reliability.harness.LocalApi;
import kr.compensation.voucher.reliability.harness.OpsTool;
import kr.compensation.voucher.reliability.harness.Reconciliation;
import kr.compensation.voucher.reliability.personaldata.Customers;
import kr.compensation.voucher.reliability.personaldata.LogScan;
import kr.compensation.voucher.reliability.personaldata.PersonalData;
import kr.compensation.voucher.reliability.personaldata.SuiteLog;
import kr.compensation.voucher.reliability.personaldata.TableScan;
import kr.compensation.voucher.reliability.reporting.Figures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Needs the project's emulator virtualenv: the local run and the ops tool, in this JVM. Every path by which a raw
 * customer id enters the system, end to end: the affected-customer list loaded by the ops tool (ids that look like
 * phone numbers and e-mail addresses among them, and broken lines), claims over HTTP with tokens whose subject is
 * the raw id, bulk issuance, the issuer, reconcile. Afterwards no table attribute, no log line, no line the ops tool
 * printed and no file it wrote holds a raw id, a token, a phone number or an e-mail address. (Every other class of
 * the suite scans its own log lines and tables too; see LogScan and TableScan.)
 */
@ExtendWith(LogScan.class)
class DataMinimisationIT {

    private static final int LISTED = 150;
    private static final int CLAIMING = 40;

    private static LocalApi api;
    private static final List<String> subjects = new ArrayList<>();
    private static final List<IssuerRole> roles = new ArrayList<>();

    @BeforeAll
    static void start() {
        api = LocalApi.shared();
    }

    @Test
    @DisplayName("load, claim, bulk issuance, issuance and reconcile leave no raw id, token or phone number anywhere")
    void aWholeRun_leavesNoPersonalDataInTheTableTheLogsOrTheOpsOutput(@TempDir Path work) throws Exception {
        int mark = SuiteLog.mark();
        Path csv = work.resolve("affected.csv");
        StringBuilder list = new StringBuilder("customer_id,issuer,account_state\n");
        for (int i = 0; i < LISTED; i++) {
            String id;
            if (i % 15 == 1) {
                // Some shops key customers by phone number or e-mail: the list may hold exactly that.
                id = PersonalData.rawId(String.format("010-7%03d-%04d", i, 4000 + i));
            } else if (i % 15 == 2) {
                id = PersonalData.rawId("minsu.kim+" + i + "@example.com");
            } else {
                id = Customers.subject("minimise", i);
            }
            IssuerRole role = i % 3 == 0 ? IssuerRole.IDENTITY_VERIFICATION : IssuerRole.SIGN_IN;
            subjects.add(id);
            roles.add(role);
            list.append(id).append(',').append(role.code()).append(',')
                    .append(role == IssuerRole.SIGN_IN ? "ACTIVE" : "CLOSED").append('\n');
        }
        // Broken lines: their ids must not reach the rejected-lines report either.
        list.append(Customers.subject("minimise", 900)).append(",somebody-else,ACTIVE\n");
        list.append(" ").append(Customers.subject("minimise", 901)).append(",sign-in,ACTIVE\n");
        list.append("010-9999-0000,sign-in,DECEASED\n");
        Files.writeString(csv, list.toString(), StandardCharsets.UTF_8);

        String endpoint = api.run().aws().endpoint().toString();
        OpsTool load = OpsTool.run("load", csv.toString(), "--endpoint-url", endpoint, "--table", api.table(),
                "--pepper-base64", api.pepperBase64(), "--json", "--no-progress");
        assertThat(load.exitCode()).as("load found the broken lines; %s", load.err()).isEqualTo(1);

        // Claims over HTTP, the subject being the raw id, on each customer's own route family.
        for (int i = 0; i < CLAIMING; i++) {
            String family = roles.get(i) == IssuerRole.SIGN_IN ? "/v1" : "/v1/verified";
            HttpExchange claim = api.send("POST", family + "/claims", api.token(roles.get(i), subjects.get(i)));
            assertThat(claim.status()).as("claim %d", i).isIn(200, 202);
        }
        // Everyone else through bulk issuance, as ops would after the claim period.
        OpsTool issueAll = OpsTool.run("issue-all", "--endpoint-url", endpoint, "--table", api.table(),
                "--queue-url", api.queueUrl(), "--checkpoint", work.resolve("issue-all.checkpoint").toString(),
                "--json", "--no-progress");
        assertThat(issueAll.exitCode()).as("issue-all; %s", issueAll.err()).isZero();
        Reconciliation reconcile = awaitIssued(LISTED);
        assertThat(reconcile.exitCode()).as("reconcile; %s", reconcile.err()).isZero();

        // The customers read their vouchers with their own tokens.
        HttpExchange read = api.send("GET", "/v1/eligibility", api.token(IssuerRole.SIGN_IN, subjects.get(1)));
        assertThat(read.body()).contains("\"status\":\"ISSUED\"");

        int items = TableScan.assertNoPersonalData(api.run().aws().dynamoDb(), api.table());
        assertThat(items).isGreaterThanOrEqualTo(LISTED);
        assertNoPersonalData("voucher-ops load output", load.out() + load.err());
        assertNoPersonalData("voucher-ops issue-all output", issueAll.out() + issueAll.err());
        assertNoPersonalData("voucher-ops reconcile output", reconcile.report().toString() + reconcile.err());
        for (Path file : Files.list(work).filter(f -> !f.equals(csv)).toList()) {
            assertNoPersonalData("file the ops tool wrote: " + file.getFileName(), Files.readString(file));
        }
        LogScan.assertClean(mark, "the run of DataMinimisationIT");

        Figures.note("data minimisation", LISTED + " listed customers (" + (LISTED / 15) + " keyed by phone number, "
                + (LISTED / 15) + " by e-mail address) + 3 broken lines loaded by voucher-ops, " + CLAIMING
                + " claims over HTTP, the rest by issue-all, " + reconcile.total("issued") + " vouchers; " + items
                + " items and " + SuiteLog.since(mark).size() + " log lines hold no raw id, token, phone number or"
                + " e-mail address, nor does any ops output or file");
    }

    @Test
    @DisplayName("the capture sees what production writes: logback events through the functions' encoder, and stdout")
    void theCaptureSeesLoggingAndStandardOutput() {
        String canary = "capture-canary-" + UUID.randomUUID();
        int mark = SuiteLog.mark();

        LoggerFactory.getLogger("kr.compensation.voucher.lookup.access").info("{}", canary);
        System.out.println(canary);

        assertThat(SuiteLog.since(mark)).filteredOn(line -> line.contains(canary)).hasSize(2)
                .anyMatch(line -> line.startsWith("{\"time\":"))
                .anyMatch(line -> line.startsWith("stdout: "));
    }

    /** Waits (bounded) for the issuer behind the queue to grant every listed customer's voucher, then reconciles. */
    private static Reconciliation awaitIssued(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (issued() < expected && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
        }
        return Reconciliation.of(api.run().aws(), api.table());
    }

    private static long issued() {
        long count = 0;
        for (int i = 0; i < subjects.size(); i++) {
            if (api.item(api.keyOf(roles.get(i), subjects.get(i))).containsKey(EligibilityItem.VOUCHER_CODE)) {
                count++;
            }
        }
        return count;
    }

    private static void assertNoPersonalData(String where, String text) {
        assertThat(PersonalData.findings(text)).as("personal data in %s: %s", where, PersonalData.masked(text))
                .isEmpty();
    }
}
