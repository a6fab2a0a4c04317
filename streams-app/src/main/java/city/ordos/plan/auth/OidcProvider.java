package city.ordos.plan.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationErrorResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * Single sign-on with an OpenID Connect provider, on the Nimbus libraries: the provider's discovery
 * document and signing keys (JWKS, cached and refreshed by nimbus-jose-jwt), the browser's
 * authorization-code flow with PKCE (S256) and nonce (oauth2-oidc-sdk), and the bearer tokens of API
 * clients (signature, issuer, audience, expiry checked by nimbus-jose-jwt). Discovery happens on
 * first use, so the server starts while the provider is briefly away.
 */
public final class OidcProvider {

    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.PS256,
            JWSAlgorithm.ES256,
            JWSAlgorithm.ES384);

    /** A token or a sign-in the provider's answer does not support; the message never holds the token. */
    public static final class Refused extends Exception {
        public Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The provider could not be reached or answered nonsense. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What the server keeps between sending the browser to the provider and its return. */
    public record PendingLogin(State state, Nonce nonce, CodeVerifier verifier) {}

    public record LoginStart(URI redirect, PendingLogin pending) {}

    private record Discovered(
            OIDCProviderMetadata metadata, DefaultJWTProcessor<SecurityContext> bearer, IDTokenValidator idTokens) {}

    private final OidcSettings settings;
    private volatile Discovered discovered;

    public OidcProvider(OidcSettings settings) {
        this.settings = settings;
    }

    public OidcSettings settings() {
        return settings;
    }

    private Discovered discovered() {
        Discovered d = discovered;
        if (d != null) {
            return d;
        }
        synchronized (this) {
            if (discovered == null) {
                discovered = discover();
            }
            return discovered;
        }
    }

    private Discovered discover() {
        OIDCProviderMetadata metadata;
        JWKSource<SecurityContext> keys;
        try {
            metadata = OIDCProviderMetadata.resolve(new Issuer(settings.issuer()));
            keys = JWKSourceBuilder.create(metadata.getJWKSetURI().toURL())
                    .retrying(true)
                    .build();
        } catch (IOException | GeneralException e) {
            throw new Unavailable(
                    "the identity provider " + settings.issuer() + " did not give its discovery document: "
                            + e.getMessage(),
                    e);
        }
        DefaultJWTProcessor<SecurityContext> bearer = new DefaultJWTProcessor<>();
        bearer.setJWSTypeVerifier(
                new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        bearer.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        bearer.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                settings.audience(),
                new JWTClaimsSet.Builder()
                        .issuer(metadata.getIssuer().getValue())
                        .build(),
                Set.of("sub", "exp", "iat")));
        IDTokenValidator idTokens = new IDTokenValidator(
                metadata.getIssuer(),
                new ClientID(settings.clientId()),
                new JWSVerificationKeySelector<>(ALGORITHMS, keys),
                null);
        return new Discovered(metadata, bearer, idTokens);
    }

    /** An API client's access token: a JWT signed by the provider, for this audience, not expired. */
    public Principal verifyBearer(String token) throws Refused {
        JWTClaimsSet claims;
        try {
            claims = discovered().bearer().process(token, null);
            // CHECKSTYLE.OFF: inlineQualifiedName (two ParseExceptions: the SDK's is imported)
        } catch (java.text.ParseException e) {
            // CHECKSTYLE.ON: inlineQualifiedName
            throw new Refused("the bearer token is not a JWT", null);
        } catch (BadJOSEException | JOSEException e) {
            throw new Refused("the bearer token was refused: " + e.getMessage(), null);
        }
        return principal(claims.getClaims(), Principal.Via.BEARER);
    }

    /** Where to send the browser, with a fresh state, nonce and PKCE verifier kept server-side. */
    public LoginStart startLogin() {
        PendingLogin pending = new PendingLogin(new State(), new Nonce(), new CodeVerifier());
        AuthenticationRequest request = new AuthenticationRequest.Builder(
                        new ResponseType(ResponseType.Value.CODE),
                        Scope.parse(settings.scopes()),
                        new ClientID(settings.clientId()),
                        settings.redirectUri())
                .endpointURI(discovered().metadata().getAuthorizationEndpointURI())
                .state(pending.state())
                .nonce(pending.nonce())
                .codeChallenge(pending.verifier(), CodeChallengeMethod.S256)
                .build();
        return new LoginStart(request.toURI(), pending);
    }

    /** The state the provider sent back on the callback URL, to find the pending login. */
    public static State stateOf(URI callback) throws Refused {
        try {
            return AuthenticationResponseParser.parse(callback).getState();
        } catch (ParseException e) {
            throw new Refused("the sign-in answer is not an OpenID Connect answer: " + e.getMessage(), null);
        }
    }

    /** Trades the code for tokens (with the PKCE verifier) and checks the ID token (signature, nonce, audience). */
    public Principal finishLogin(PendingLogin pending, URI callback) throws Refused {
        AuthenticationResponse response;
        try {
            response = AuthenticationResponseParser.parse(callback);
        } catch (ParseException e) {
            throw new Refused("the sign-in answer is not an OpenID Connect answer: " + e.getMessage(), null);
        }
        if (!pending.state().equals(response.getState())) {
            throw new Refused("the sign-in answer's state does not match this browser's sign-in", null);
        }
        if (response instanceof AuthenticationErrorResponse error) {
            throw new Refused(
                    "the identity provider refused the sign-in: "
                            + error.getErrorObject().getCode() + " "
                            + error.getErrorObject().getDescription(),
                    null);
        }
        AuthorizationCode code = response.toSuccessResponse().getAuthorizationCode();
        if (code == null) {
            throw new Refused("the sign-in answer carries no authorization code", null);
        }
        Discovered d = discovered();
        ClientAuthentication client = new ClientSecretBasic(
                new ClientID(settings.clientId()),
                new Secret(settings.clientSecret() == null ? "" : settings.clientSecret()));
        TokenRequest request = new TokenRequest(
                d.metadata().getTokenEndpointURI(),
                client,
                new AuthorizationCodeGrant(code, settings.redirectUri(), pending.verifier()));
        TokenResponse tokens;
        try {
            tokens = OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
        } catch (IOException | ParseException e) {
            throw new Unavailable("the identity provider's token endpoint did not answer: " + e.getMessage(), e);
        }
        if (tokens instanceof TokenErrorResponse error) {
            throw new Refused(
                    "the identity provider refused the code: "
                            + error.getErrorObject().getCode(),
                    null);
        }
        JWT idToken =
                ((OIDCTokenResponse) tokens.toSuccessResponse()).getOIDCTokens().getIDToken();
        IDTokenClaimsSet claims;
        try {
            claims = d.idTokens().validate(idToken, pending.nonce());
        } catch (BadJOSEException | JOSEException e) {
            throw new Refused("the ID token was refused: " + e.getMessage(), null);
        }
        try {
            return principal(claims.toJWTClaimsSet().getClaims(), Principal.Via.OIDC);
        } catch (ParseException e) {
            throw new Refused("the ID token's claims are unreadable: " + e.getMessage(), null);
        }
    }

    private Principal principal(Map<String, Object> claims, Principal.Via via) throws Refused {
        return settings.claims()
                .principal(claims, via)
                .orElseThrow(() -> new Refused(settings.claims().whyRefused(claims), null));
    }
}
