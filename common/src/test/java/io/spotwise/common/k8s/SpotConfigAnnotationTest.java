package io.spotwise.common.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.contract.SpotConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpotConfigAnnotationTest {

    @ParameterizedTest(name = "{0} → percentage {1}, min {2}, error contains ''{3}''")
    @CsvSource(delimiter = '|', value = {
            "{\"percentage\": 50, \"minOnDemandReplicas\": 1} | 50   | 1    | ",
            "{\"percentage\": 60}                            | 60   |      | ",
            "{\"percentage\": null, \"other\": \"x\"}       |      |      | ",
            "{\"percentage\": 101}                           | 101  |      | ",
            "''                                              |      |      | ",
            "{\"percentage\": 50.5}                          |      |      | must be an integer",
            "{\"percentage\": \"50\"}                        |      |      | must be an integer",
            "{percentage: 50}                                |      |      | malformed JSON",
            "[50]                                            |      |      | expected a JSON object",
            "{\"Percentage\": 40, \"MINONDEMANDREPLICAS\": 3}  | 40   | 3    | ",
            "{\"percentage\": 40, \"PERCENTAGE\": 70}          | 70   |      | ",
            "{\"percentage\": 40} {\"percentage\": 70}         |      |      | malformed JSON",
            "{\"percentage\": 40} x                           |      |      | malformed JSON",
            "null                                            |      |      | ",
            "{\"percentage\": 40, \"Percentage\": null}        | 40   |      | ",
    })
    void parses(String raw, Integer percentage, Integer min, String error) {
        SpotConfigAnnotation.Parsed parsed = SpotConfigAnnotation.parse(raw);
        assertThat(parsed.config()).isEqualTo(new SpotConfig(percentage, min));
        if (error == null) {
            assertThat(parsed.error()).isNull();
        } else {
            assertThat(parsed.error()).contains(error);
        }
    }
}
