package io.spotwise.decider.webhook;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** The webhook's TLS certificate and key: read from PEM files, or generated self-signed for development. */
public final class WebhookTls {

    private WebhookTls() {
    }

    /** PEM text of the certificate (chain) and the private key. */
    public record Material(String certificatePem, String privateKeyPem) {
        @Override
        public String toString() {
            return "Material[certificate, key ****]";
        }
    }

    /**
     * Checks that the pair can serve: the certificate parses, is valid now, and the key belongs to it (a signature made
     * with the key verifies with the certificate's public key). Returns the certificate's notAfter.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static Instant check(Material material) {
        X509Certificate cert;
        try {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(material.certificatePem().getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("the certificate is not a PEM X.509 certificate: " + e.getMessage(), e);
        }
        try {
            cert.checkValidity();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the certificate is not valid now (" + cert.getNotBefore() + " to " + cert.getNotAfter() + ")", e);
        }
        PrivateKey key = privateKey(material.privateKeyPem());
        try {
            String algorithm = switch (key.getAlgorithm()) {
                case "RSA" -> "SHA256withRSA";
                case "EC" -> "SHA256withECDSA";
                default -> key.getAlgorithm();
            };
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new IllegalArgumentException("the private key does not belong to the certificate (" + cert.getSubjectX500Principal() + ")");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the private key does not belong to the certificate: " + e.getMessage(), e);
        }
        return cert.getNotAfter().toInstant();
    }

    private static PrivateKey privateKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IllegalArgumentException("the key file holds no unencrypted PEM private key");
        } catch (IOException e) {
            throw new IllegalArgumentException("the key file is not a PEM private key: " + e.getMessage(), e);
        }
    }

    public static Material fromFiles(Path certFile, Path keyFile) {
        return new Material(read(certFile, "SPOTWISE_WEBHOOK_CERT_FILE"), read(keyFile, "SPOTWISE_WEBHOOK_KEY_FILE"));
    }

    /**
     * A self-signed certificate (CA:true, so it is its own trust anchor: the {@code caBundle} of the webhook
     * configuration) for {@code 127.0.0.1} and the given DNS names, valid one year.
     */
    public static Material selfSigned(List<String> dnsNames) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(256, new SecureRandom());
            KeyPair keys = gen.generateKeyPair();
            String cn = dnsNames.isEmpty() ? "spotwise-decider" : dnsNames.get(0);
            X500Name subject = new X500Name("CN=" + cn + ",O=spotwise dev");
            Instant now = Instant.now();
            List<GeneralName> sans = new ArrayList<>();
            dnsNames.forEach(d -> sans.add(new GeneralName(GeneralName.dNSName, d)));
            sans.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
            X509CertificateHolder cert = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(365))), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)))
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            return new Material(pem(cert), pkcs8(keys.getPrivate().getEncoded()));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate the self-signed webhook certificate: " + e.getMessage(), e);
        }
    }

    /** Writes the certificate so a (simulated) API server can trust the webhook. */
    public static void writeCertificate(Material material, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, material.certificatePem(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the webhook certificate to " + file + " (SPOTWISE_WEBHOOK_SELF_SIGNED_CA_FILE)", e);
        }
    }

    private static String pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }

    /** PKCS#8 "PRIVATE KEY" PEM, the key format every TLS stack reads. */
    private static String pkcs8(byte[] der) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END PRIVATE KEY-----\n";
    }

    private static String read(Path file, String key) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key + "=" + file + ": " + e.getMessage(), e);
        }
    }
}
