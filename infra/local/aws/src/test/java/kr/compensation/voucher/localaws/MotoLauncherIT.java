package kr.compensation.voucher.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import kr.compensation.voucher.aws.AwsClientSettings;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The launcher keeps DynamoDB's order: of 16 concurrent conditional writes to one item that each require the
 * attribute to be absent, exactly one wins and the others see its value (ALL_OLD). Stock moto_server may let two
 * win. Both servers run with a 10 µs Python thread switch interval, so that concurrent requests interleave often.
 * Needs the emulator virtualenv (.venv/emulator). The table is a scratch one of the test's own: what is tested is
 * the emulator, not the project's schema.
 */
class MotoLauncherIT {

    private static final int RACES = Integer.getInteger("moto.launcher.races", 100);
    private static final int WRITERS = 16;
    private static final List<String> SHORT_SWITCHES = List.of("--switch-interval", "0.00001");

    @Test
    @DisplayName("100 races of 16 conditional writers on one item: one winner each through the launcher")
    void launcherLetsExactlyOneWriterWin() throws Exception {
        int stockDoubleWins;
        try (MotoServer stock = MotoServer.start(venv(), true, SHORT_SWITCHES)) {
            stockDoubleWins = races(stock).doubleWins();
        }
        Races launcher;
        try (MotoServer ordered = MotoServer.start(venv(), false, SHORT_SWITCHES)) {
            launcher = races(ordered);
        }

        LoggerFactory.getLogger(MotoLauncherIT.class).info("races with more than one winner: stock moto {} of {}, "
                + "launcher {} of {}", stockDoubleWins, RACES, launcher.doubleWins(), RACES);
        assertThat(launcher.doubleWins()).as("races with more than one winner through the launcher").isZero();
        assertThat(launcher.noWinner()).as("races nobody won").isZero();
        assertThat(launcher.losersSawTheWinner()).as("every loser's ALL_OLD holds the winner's value").isTrue();
    }

    record Races(int doubleWins, int noWinner, boolean losersSawTheWinner) {
    }

    private static Races races(MotoServer server) throws Exception {
        try (DynamoDbClient dynamoDb = AwsClientSettings.forEmulator(Region.AP_NORTHEAST_2, server.endpoint())
                .configure(DynamoDbClient.builder()).build();
             ExecutorService pool = Executors.newFixedThreadPool(WRITERS)) {
            dynamoDb.createTable(b -> b.tableName("race").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(d -> d.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
            int doubleWins = 0;
            int noWinner = 0;
            boolean losersSawTheWinner = true;
            for (int race = 0; race < RACES; race++) {
                String key = "item-" + race;
                dynamoDb.putItem(b -> b.tableName("race").item(Map.of("pk", AttributeValue.fromS(key))));
                CyclicBarrier start = new CyclicBarrier(WRITERS);
                List<Future<String>> outcomes = new ArrayList<>();
                for (int writer = 0; writer < WRITERS; writer++) {
                    String value = "writer-" + writer;
                    outcomes.add(pool.submit(() -> {
                        start.await();
                        try {
                            dynamoDb.updateItem(b -> b.tableName("race").key(Map.of("pk", AttributeValue.fromS(key)))
                                    .updateExpression("SET winner = :me")
                                    .conditionExpression("attribute_exists(pk) AND attribute_not_exists(winner)")
                                    .expressionAttributeValues(Map.of(":me", AttributeValue.fromS(value)))
                                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
                            return "won";
                        } catch (ConditionalCheckFailedException lost) {
                            AttributeValue seen = lost.item() == null ? null : lost.item().get("winner");
                            return "lost:" + (seen == null ? "" : seen.s());
                        }
                    }));
                }
                List<String> results = new ArrayList<>();
                for (Future<String> outcome : outcomes) {
                    results.add(outcome.get());
                }
                long winners = results.stream().filter("won"::equals).count();
                doubleWins += winners > 1 ? 1 : 0;
                noWinner += winners == 0 ? 1 : 0;
                String stored = dynamoDb.getItem(b -> b.tableName("race").key(Map.of("pk", AttributeValue.fromS(key)))
                        .consistentRead(true)).item().get("winner").s();
                losersSawTheWinner &= results.stream().filter(r -> r.startsWith("lost:"))
                        .allMatch(r -> r.equals("lost:" + stored));
            }
            return new Races(doubleWins, noWinner, losersSawTheWinner);
        }
    }

    private static Path venv() {
        return RepositoryLayout.venv(LocalAws.repositoryRoot(), System::getenv);
    }
}
