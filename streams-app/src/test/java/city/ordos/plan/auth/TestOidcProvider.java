package city.ordos.plan.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A small but real OpenID Connect provider for tests, built on nimbus-jose-jwt: discovery document,
 * JWKS with a fresh RSA key, an authorization endpoint that signs in whoever the test says (instead
 * of a login page), and a token endpoint that checks the client secret, the redirect URI and the
 * PKCE verifier before it issues an RS256 ID token. It also mints access tokens for bearer tests,
 * including wrong ones (expired, another audience, signed with a key it does not publish).
 */
public final class TestOidcProvider implements AutoCloseable {

    public static final String CLIENT_ID = "ordos-monitor";
    public static final String CLIENT_SECRET = "test-client-secret-9f2c";

    private record Grant(
            String clientId, String redirectUri, String challenge, String nonce, Map<String, Object> claims) {}

    private final RSAKey key;
    private final RSAKey impostor;
    private final Javalin server;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final AtomicReference<Map<String, Object>> nextUser = new AtomicReference<>();

    public TestOidcProvider() {
        try {
            key = new RSAKeyGenerator(2048).keyID("test-key-1").generate();
            // Same key id, another key: a token it signs must fail the signature check.
            impostor = new RSAKeyGenerator(2048).keyID("test-key-1").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        server = Javalin.create(c -> c.showJavalinBanner = false);
        server.get("/.well-known/openid-configuration", this::discovery);
        server.get(
                "/jwks", ctx -> ctx.contentType("application/json").result(new JWKSet(key.toPublicJWK()).toString()));
        server.get("/authorize", this::authorize);
        server.post("/token", this::token);
        server.start("127.0.0.1", 0);
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The claims of whoever signs in next (the provider's login page, as a test sets it). */
    public void signsInNext(Map<String, Object> claims) {
        nextUser.set(claims);
    }

    private void discovery(Context ctx) {
        String iss = issuer();
        ctx.json(Map.of(
                "issuer", iss,
                "authorization_endpoint", iss + "/authorize",
                "token_endpoint", iss + "/token",
                "jwks_uri", iss + "/jwks",
                "response_types_supported", List.of("code"),
                "subject_types_supported", List.of("public"),
                "id_token_signing_alg_values_supported", List.of("RS256"),
                "code_challenge_methods_supported", List.of("S256"),
                "token_endpoint_auth_methods_supported", List.of("client_secret_basic")));
    }

    private void authorize(Context ctx) {
        if (!"code".equals(ctx.queryParam("response_type"))
                || !CLIENT_ID.equals(ctx.queryParam("client_id"))
                || !"S256".equals(ctx.queryParam("code_challenge_method"))
                || ctx.queryParam("code_challenge") == null) {
            ctx.status(400).result("bad authorization request");
            return;
        }
        Map<String, Object> user = nextUser.get();
        String code = UUID.randomUUID().toString();
        codes.put(
                code,
                new Grant(
                        CLIENT_ID,
                        ctx.queryParam("redirect_uri"),
                        ctx.queryParam("code_challenge"),
                        ctx.queryParam("nonce"),
                        user));
        ctx.redirect(ctx.queryParam("redirect_uri") + "?code=" + code + "&state="
                + URLEncoder.encode(ctx.queryParam("state"), StandardCharsets.UTF_8));
    }

    private void token(Context ctx) throws JOSEException {
        String expected = "Basic "
                + Base64.getEncoder()
                        .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(ctx.header("Authorization"))) {
            ctx.status(401).json(Map.of("error", "invalid_client"));
            return;
        }
        Grant grant = codes.remove(String.valueOf(ctx.formParam("code")));
        String verifier = ctx.formParam("code_verifier");
        if (grant == null
                || !"authorization_code".equals(ctx.formParam("grant_type"))
                || !grant.redirectUri().equals(ctx.formParam("redirect_uri"))
                || verifier == null
                || !CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(verifier))
                        .getValue()
                        .equals(grant.challenge())) {
            ctx.status(400).json(Map.of("error", "invalid_grant"));
            return;
        }
        JWTClaimsSet.Builder id =
                claims(grant.claims(), CLIENT_ID, Instant.now().plus(Duration.ofMinutes(5)));
        id.claim("nonce", grant.nonce());
        ctx.json(Map.of(
                "access_token",
                accessToken(grant.claims(), CLIENT_ID, Duration.ofMinutes(5)),
                "token_type",
                "Bearer",
                "expires_in",
                300,
                "id_token",
                sign(id.build(), key, JOSEObjectType.JWT)));
    }

    /** An access token this provider really issues. */
    public String accessToken(Map<String, Object> claims, String audience, Duration validFor) throws JOSEException {
        return sign(claims(claims, audience, Instant.now().plus(validFor)).build(), key, JOSEObjectType.JWT);
    }

    /** A token that looks like this provider's but is signed with a key it does not publish. */
    public String forgedToken(Map<String, Object> claims, String audience) throws JOSEException {
        return sign(
                claims(claims, audience, Instant.now().plus(Duration.ofMinutes(5)))
                        .build(),
                impostor,
                JOSEObjectType.JWT);
    }

    private JWTClaimsSet.Builder claims(Map<String, Object> user, String audience, Instant expiry) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder()
                .issuer(issuer())
                .audience(audience)
                .issueTime(Date.from(expiry.isAfter(now) ? now : expiry.minusSeconds(60)))
                .expirationTime(Date.from(expiry))
                .jwtID(UUID.randomUUID().toString());
        user.forEach(b::claim);
        return b;
    }

    private static String sign(JWTClaimsSet claims, RSAKey with, JOSEObjectType type) throws JOSEException {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(with.getKeyID())
                        .type(type)
                        .build(),
                claims);
        jwt.sign(new RSASSASigner(with));
        return jwt.serialize();
    }

    @Override
    public void close() {
        server.stop();
    }
}
