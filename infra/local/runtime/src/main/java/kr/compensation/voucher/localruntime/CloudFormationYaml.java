package kr.compensation.voucher.localruntime;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a CloudFormation or SAM template as plain maps, with the short-form tags ({@code !Ref X},
 * {@code !GetAtt A.B}, ...) as their long form ({@code {Ref: X}}, {@code {Fn::GetAtt: A.B}}) (AWS CloudFormation
 * User Guide, "Intrinsic function reference": https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html).
 * Every local stand-in that takes its settings from template.yaml reads it through here.
 */
public final class CloudFormationYaml {

    private CloudFormationYaml() {
    }

    public static Map<String, Object> read(Path template) throws IOException {
        try (Reader reader = Files.newBufferedReader(template)) {
            return new Yaml(new CloudFormationTags()).load(reader);
        }
    }

    private static final class CloudFormationTags extends SafeConstructor {
        CloudFormationTags() {
            super(new LoaderOptions());
            this.yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String name = node.getTag().getValue().substring(1);
                    String key = name.equals("Ref") || name.equals("Condition") ? name : "Fn::" + name;
                    Object value;
                    if (node instanceof ScalarNode scalar) {
                        value = constructScalar(scalar);
                    } else if (node instanceof SequenceNode sequence) {
                        value = constructSequence(sequence);
                    } else {
                        value = constructMapping((MappingNode) node);
                    }
                    Map<String, Object> longForm = new LinkedHashMap<>();
                    longForm.put(key, value);
                    return longForm;
                }
            });
        }
    }
}
