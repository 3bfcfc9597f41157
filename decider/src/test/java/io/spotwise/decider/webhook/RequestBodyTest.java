package io.spotwise.decider.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.decider.support.Reviews;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A request body read in chunks: kept in one array, whatever content-length said")
class RequestBodyTest {

    @Test
    @DisplayName("without content-length (chunked): grows to hold every chunk, in order")
    void growsWithoutContentLength() {
        RequestBody body = new RequestBody(0);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            String chunk = "chunk-" + i + "-" + "x".repeat(i * 7) + ";";
            expected.append(chunk);
            body.append(Buffer.buffer(chunk));
        }
        assertThat(new String(body.bytes(), 0, body.length(), StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    }

    @Test
    @DisplayName("with content-length: the one array it was sized with, filled exactly")
    void sizedOnceFromContentLength() {
        byte[] review = Reviews.podCreate("uid-1", "shop", "web").getBytes(StandardCharsets.UTF_8);
        RequestBody body = new RequestBody(review.length);
        byte[] array = body.bytes();
        body.append(Buffer.buffer(Arrays.copyOfRange(review, 0, 100)));
        body.append(Buffer.buffer(Arrays.copyOfRange(review, 100, review.length)));
        assertThat(body.bytes()).isSameAs(array).isEqualTo(review);
        assertThat(AdmissionReviews.parse(body.bytes(), body.length())).isInstanceOf(AdmissionReviews.Admit.class);
    }

    @Test
    @DisplayName("dropped once answered early: nothing more is kept")
    void dropped() {
        RequestBody body = new RequestBody(10);
        body.drop();
        assertThat(body.dropped()).isTrue();
        assertThat(body.bytes()).isNull();
    }
}
