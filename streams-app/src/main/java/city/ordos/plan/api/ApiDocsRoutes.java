package city.ordos.plan.api;

import city.ordos.plan.auth.Access;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The API describes itself: {@code /api/openapi.yaml} is docs/openapi.yaml as built into the jar
 * (one file, so the served description cannot drift from the documented one), and {@code /api/docs}
 * is Swagger UI over it, from the swagger-ui webjar in the jar (closed networks have no CDN). Both
 * are public, like the docs they come from: what the routes answer stays behind their own rules.
 */
final class ApiDocsRoutes {

    /** Where the build copies docs/openapi.yaml (streams-app's pom, copy-openapi). */
    static final String OPENAPI_RESOURCE = "/api-docs/openapi.yaml";

    private static final String SWAGGER_UI_POM = "/META-INF/maven/org.webjars/swagger-ui/pom.properties";

    private final byte[] openApi;
    private final String page;

    ApiDocsRoutes() {
        this.openApi = read(OPENAPI_RESOURCE);
        String ui = "/webjars/swagger-ui/" + swaggerUiVersion() + "/";
        // No inline script: the page's CSP allows scripts from this origin only (SecurityHeaders).
        this.page = """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <title>Ordos 2025 plan monitor — API</title>
                  <link rel="stylesheet" href="%1$sswagger-ui.css">
                </head>
                <body>
                  <div id="swagger-ui"></div>
                  <script src="%1$sswagger-ui-bundle.js"></script>
                  <script src="/api/docs/init.js"></script>
                </body>
                </html>
                """.formatted(ui);
    }

    void register(Javalin app) {
        app.get(
                "/api/openapi.yaml",
                ctx -> ctx.contentType("application/yaml; charset=utf-8").result(openApi),
                Access.PUBLIC);
        app.get("/api/docs", ctx -> ctx.html(page), Access.PUBLIC);
        app.get("/api/docs/init.js", ApiDocsRoutes::init, Access.PUBLIC);
    }

    private static void init(Context ctx) {
        ctx.contentType("text/javascript; charset=utf-8")
                .result("window.ui = SwaggerUIBundle({ url: '/api/openapi.yaml', dom_id: '#swagger-ui' });\n");
    }

    static String swaggerUiVersion() {
        Properties pom = new Properties();
        try (InputStream in = ApiDocsRoutes.class.getResourceAsStream(SWAGGER_UI_POM)) {
            if (in == null) {
                throw new IllegalStateException(SWAGGER_UI_POM + " not on the classpath (the swagger-ui webjar)");
            }
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pom.getProperty("version");
    }

    private static byte[] read(String resource) {
        try (InputStream in = ApiDocsRoutes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " not on the classpath (built from docs/openapi.yaml)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
