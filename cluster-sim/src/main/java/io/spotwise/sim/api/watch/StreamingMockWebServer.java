package io.spotwise.sim.api.watch;

import io.fabric8.mockwebserver.MockWebServer;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.Predicate;

/**
 * fabric8's {@link MockWebServer} with a request interceptor in front of its own handler, so the sim can serve
 * responses the mock cannot express (long-lived chunked streams). The mock creates its Vert.x HTTP server from a
 * private {@code vertx} field; that field gets a proxy whose HTTP servers wrap the handler the mock installs.
 */
public final class StreamingMockWebServer extends MockWebServer {

    private volatile Predicate<HttpServerRequest> interceptor = r -> false;

    public StreamingMockWebServer() {
        try {
            Field field = MockWebServer.class.getDeclaredField("vertx");
            field.setAccessible(true);
            Vertx real = (Vertx) field.get(this);
            field.set(this, proxy(Vertx.class, real, (method, result) -> result instanceof HttpServer server ? proxy(HttpServer.class, server, null) : result));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("fabric8 MockWebServer has no 'vertx' field to extend: " + e, e);
        }
    }

    /** Requests for which {@code interceptor} returns true are answered by it; the rest go to the mock. */
    public void intercept(Predicate<HttpServerRequest> interceptor) {
        this.interceptor = interceptor;
    }

    private interface Rewrite {
        Object apply(String method, Object result);
    }

    @SuppressWarnings("unchecked")
    private <T> T proxy(Class<T> type, T target, Rewrite rewrite) {
        Object[] self = new Object[1];
        self[0] = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            Object[] actual = args;
            if (type == HttpServer.class && method.getName().equals("requestHandler") && args != null
                    && args.length == 1) {
                Handler<HttpServerRequest> mock = (Handler<HttpServerRequest>) args[0];
                actual = new Object[] {(Handler<HttpServerRequest>) req -> {
                    if (!interceptor.test(req)) {
                        mock.handle(req);
                    }
                }};
            }
            Object result;
            try {
                result = method.invoke(target, actual);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result == target) {
                return self[0];
            }
            return rewrite == null ? result : rewrite.apply(method.getName(), result);
        });
        return (T) self[0];
    }
}
