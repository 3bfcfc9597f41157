package io.spotwise.kafka.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How a secured local broker authenticates and authorises, as a production cluster would: clients connect over
 * SASL_SSL with SCRAM-SHA-512 (credentials created at format time), the {@code StandardAuthorizer} denies everything
 * no ACL allows ({@code allow.everyone.if.no.acl.found=false}), and only the admin is a super user. The controller
 * listener authenticates with PLAIN (SCRAM cannot serve a KRaft controller listener). An extra listener without
 * authentication ({@code OPEN}, plaintext) shows what an anonymous client gets: nothing, since no ACL names
 * {@code User:ANONYMOUS}.
 *
 * <p>The TLS key pair is self-signed, made by the JDK's keytool, for {@code localhost} and {@code 127.0.0.1};
 * clients trust {@link #certificateFile()} (PEM).
 */
public final class BrokerSecurity {

    public static final String ADMIN = "admin";
    public static final String MECHANISM = "SCRAM-SHA-512";
    /** KRaft's ACL authorizer, named in the broker's configuration (the broker runs in its own JVM). */
    private static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

    private final String adminPassword;
    private final Map<String, String> users;
    private Path dir;
    private String storePassword;

    private BrokerSecurity(String adminPassword, Map<String, String> users) {
        this.adminPassword = adminPassword;
        this.users = Map.copyOf(users);
    }

    /** SCRAM users (name → password) besides the admin, whose password is generated. */
    public static BrokerSecurity withUsers(Map<String, String> users) {
        return new BrokerSecurity(randomSecret(), users);
    }

    public String adminPassword() {
        return adminPassword;
    }

    public Map<String, String> users() {
        return users;
    }

    /** PEM certificate the clients trust (the broker's own, self-signed). */
    public Path certificateFile() {
        return dir.resolve("broker-ca.crt");
    }

    /** Client settings of the super user, for provisioning topics and ACLs. */
    public Map<String, String> adminClientSettings(String bootstrapServers) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("bootstrap.servers", bootstrapServers);
        c.put("security.protocol", "SASL_SSL");
        c.put("sasl.mechanism", MECHANISM);
        c.put("sasl.jaas.config", jaas("org.apache.kafka.common.security.scram.ScramLoginModule", ADMIN, adminPassword, ""));
        c.put("ssl.truststore.type", "PEM");
        c.put("ssl.truststore.location", certificateFile().toString());
        return c;
    }

    /** Makes the key store once per data directory (kept across restarts). */
    void prepare(Path dataDir, String javaHome) throws IOException {
        dir = dataDir;
        Path passwordFile = dataDir.resolve("broker-store.password");
        if (!Files.exists(passwordFile)) {
            Files.writeString(passwordFile, randomSecret());
        }
        storePassword = Files.readString(passwordFile).trim();
        Path keystore = dataDir.resolve("broker.p12");
        if (Files.exists(keystore)) {
            return;
        }
        String keytool = Path.of(javaHome, "bin", "keytool").toString();
        run(List.of(keytool, "-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
                "-dname", "CN=localhost,O=spotwise local", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", storePassword, "-keypass", storePassword));
        run(List.of(keytool, "-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", storePassword, "-file", certificateFile().toString()));
    }

    /** server.properties lines for the client listener (SASL_SSL), the open one and the controller's. */
    List<String> serverProperties(int port, int openPort, int controllerPort) {
        String plain = jaas("org.apache.kafka.common.security.plain.PlainLoginModule", ADMIN, adminPassword,
                " user_" + ADMIN + "=\"" + adminPassword + "\"");
        return List.of(
                "listeners=SASL_SSL://localhost:" + port + ",OPEN://localhost:" + openPort + ",CONTROLLER://localhost:" + controllerPort,
                "advertised.listeners=SASL_SSL://localhost:" + port + ",OPEN://localhost:" + openPort,
                "listener.security.protocol.map=SASL_SSL:SASL_SSL,OPEN:PLAINTEXT,CONTROLLER:SASL_PLAINTEXT",
                "inter.broker.listener.name=SASL_SSL",
                "sasl.enabled.mechanisms=" + MECHANISM,
                "sasl.mechanism.inter.broker.protocol=" + MECHANISM,
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config="
                        + jaas("org.apache.kafka.common.security.scram.ScramLoginModule", ADMIN, adminPassword, ""),
                "sasl.mechanism.controller.protocol=PLAIN",
                "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
                "listener.name.controller.plain.sasl.jaas.config=" + plain,
                "ssl.keystore.type=PKCS12",
                "ssl.keystore.location=" + dir.resolve("broker.p12"),
                "ssl.keystore.password=" + storePassword,
                "ssl.key.password=" + storePassword,
                "ssl.truststore.type=PEM",
                "ssl.truststore.location=" + certificateFile(),
                "authorizer.class.name=" + AUTHORIZER,
                "allow.everyone.if.no.acl.found=false",
                "super.users=User:" + ADMIN);
    }

    /** {@code --add-scram} arguments of the storage format: the admin and every user. */
    List<String> formatArguments() {
        List<String> args = new ArrayList<>();
        args.add("--add-scram");
        args.add(MECHANISM + "=[name=" + ADMIN + ",password=" + adminPassword + "]");
        users.forEach((name, password) -> {
            args.add("--add-scram");
            args.add(MECHANISM + "=[name=" + name + ",password=" + password + "]");
        });
        return args;
    }

    static String jaas(String module, String user, String password, String extra) {
        return module + " required username=\"" + user + "\" password=\"" + password + "\"" + extra + ";";
    }

    public static String randomSecret() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).replace('-', 'x').replace('_', 'y');
    }

    private static void run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + String.join(" ", cmd.subList(0, 2)) + "\n" + out);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted running keytool", e));
        }
    }
}
