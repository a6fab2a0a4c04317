package city.ordos.plan.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Excel exports and dispatch reports through the HTTP layer over in-memory state: the workbooks hold
 * what the JSON answers say (read back with POI), in Chinese or English, with the moment and units;
 * a report is generated on demand only with the token and comes as workbook and PDF (read back with
 * PDFBox); bad names and languages are client errors.
 */
class ExportAndReportRoutesTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final RecordingAuditTrail AUDIT = new RecordingAuditTrail();
    private static SampleApi api;
    private static OpenApiContract contract;

    @BeforeAll
    static void start() throws Exception {
        api = new SampleApi(AUDIT);
        contract = new OpenApiContract(OpenApiContract.locate());
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void theGoalListWorkbookHoldsTheFiguresOfTheMomentWithUnitsAndStatusColours() throws Exception {
        JsonNode goals = json("/api/goals?asOf=2025-06-30").get("goals");
        try (XSSFWorkbook wb = workbook("/api/export/goals?asOf=2025-06-30")) {
            Sheet sheet = wb.getSheet("指标进度");
            assertThat(sheet).as("Chinese sheet name").isNotNull();
            assertThat(text(sheet.getRow(1)).get(0)).contains("数据时点", "2025-06-30", "按今日所知");
            int header = headerRow(sheet, "章节");
            List<String> columns = text(sheet.getRow(header));
            assertThat(columns).contains("单位", "目标值", "实际值", "应达值", "进度曲线", "状态", "责任部门");
            for (JsonNode g : goals) {
                Row row = rowOf(
                        sheet, header, columns.indexOf("指标"), g.get("nameZh").asText());
                assertThat(row.getCell(columns.indexOf("单位")).getStringCellValue())
                        .isEqualTo(g.get("unit").asText());
                Cell target = row.getCell(columns.indexOf("目标值"));
                assertThat(target.getNumericCellValue())
                        .isEqualTo(g.get("target").asDouble());
                // A whole number shows as one ("100"), not with Excel's bare point ("100.").
                assertThat(target.getCellStyle().getDataFormatString())
                        .isEqualTo(
                                g.get("target")
                                                        .decimalValue()
                                                        .stripTrailingZeros()
                                                        .scale()
                                                <= 0
                                        ? "#,##0"
                                        : "#,##0.######");
                if (g.get("actual").isNull()) {
                    assertThat(row.getCell(columns.indexOf("实际值"))).isNull();
                } else {
                    assertThat(row.getCell(columns.indexOf("实际值")).getNumericCellValue())
                            .isEqualTo(g.get("actual").asDouble());
                }
                Cell status = row.getCell(columns.indexOf("状态"));
                assertThat(status.getStringCellValue())
                        .isEqualTo(Map.of("BEHIND", "滞后", "AT_RISK", "有风险", "ON_TRACK", "正常", "NO_DATA", "无数据")
                                .get(g.get("status").asText()));
                String fill = ((XSSFCellStyle) status.getCellStyle())
                        .getFillForegroundColorColor()
                        .getARGBHex();
                assertThat(fill)
                        .endsWith(Map.of(
                                        "BEHIND",
                                        "FFC7CE",
                                        "AT_RISK",
                                        "FFE699",
                                        "ON_TRACK",
                                        "C6EFCE",
                                        "NO_DATA",
                                        "E7E6E6")
                                .get(g.get("status").asText()));
            }
        }
        try (XSSFWorkbook wb = workbook("/api/export/goals?asOf=2025-06-30&lang=en")) {
            Sheet sheet = wb.getSheet("Goals");
            assertThat(sheet).as("English sheet name").isNotNull();
            int header = headerRow(sheet, "Section");
            List<String> columns = text(sheet.getRow(header));
            assertThat(columns).contains("Unit", "Target", "Actual", "Status");
            // units named as the English pages and alert messages name them (亿元: 100 million yuan)
            for (JsonNode g : json("/api/catalog").get("goals")) {
                Row row = rowOf(
                        sheet, header, columns.indexOf("Goal"), g.get("nameEn").asText());
                assertThat(row.getCell(columns.indexOf("Unit")).getStringCellValue())
                        .as(g.get("goalId").asText())
                        .isEqualTo(g.get("unitEn").asText());
            }
        }
    }

    @Test
    void aGoalsPageWorkbookHasEveryTableOfThePage() throws Exception {
        JsonNode page = json("/api/goals/fai/page?asOf=2025-06-30");
        try (XSSFWorkbook wb = workbook("/api/export/goals/fai?asOf=2025-06-30")) {
            List<String> sheets = new ArrayList<>();
            wb.forEach(s -> sheets.add(s.getSheetName()));
            assertThat(sheets).containsExactly("概况", "历史", "旗区", "来源", "数据更正", "预警");
            Sheet history = wb.getSheet("历史");
            int header = headerRow(history, "日期");
            assertThat(history.getLastRowNum() - header)
                    .isEqualTo(page.get("history").size());
            Sheet sources = wb.getSheet("来源");
            List<String> columns = text(sources.getRow(headerRow(sources, "口径")));
            Row p1 = rowOf(sources, headerRow(sources, "口径"), columns.indexOf("来源"), "P-1");
            assertThat(p1.getCell(columns.indexOf("导入文件")).getStringCellValue()).isEqualTo("investment-2025-06.csv");
            assertThat(p1.getCell(columns.indexOf("行号")).getNumericCellValue()).isEqualTo(12);
        }
        for (String path : List.of(
                "/api/export/counties/KANGBASHI?asOf=2025-06-30",
                "/api/export/departments?knownAt=2025-07-05",
                "/api/export/departments/" + enc("市发展和改革委员会") + "?asOf=2025-07-01",
                "/api/export/projects?asOf=2025-06-30&lang=en",
                "/api/export/goals?knownAt=2025-07-05")) {
            try (XSSFWorkbook wb = workbook(path)) {
                assertThat(wb.getNumberOfSheets()).as(path).isPositive();
            }
        }
        assertThat(get("/api/export/goals?lang=fr").statusCode()).isEqualTo(400);
        assertThat(get("/api/export/goals?asOf=2025-02-30").statusCode()).isEqualTo(400);
        assertThat(get("/api/export/counties/ATLANTIS").statusCode()).isEqualTo(404);
        assertThat(get("/api/export/goals/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void aReportOnDemandNeedsAnOperatorIsAuditedAndComesAsWorkbookAndPdf() throws Exception {
        assertThat(post("/api/reports?date=2025-06-30", null).statusCode()).isEqualTo(401);
        assertThat(post("/api/reports?date=2025-06-30", "wrong").statusCode()).isEqualTo(401);
        assertThat(post("/api/reports", SampleApi.TOKEN).statusCode()).isEqualTo(400);
        assertThat(post("/api/reports?date=2025-09-01", SampleApi.TOKEN).statusCode())
                .as("after the plan clock's today")
                .isEqualTo(400);
        HttpResponse<String> made = post("/api/reports?date=2025-06-30", SampleApi.TOKEN);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        assertThat(contract.violations(
                        JSON.readTree(made.body()), contract.responseSchema("POST", "/api/reports", 201)))
                .isEmpty();
        JsonNode report = JSON.readTree(made.body());
        assertThat(report.at("/summary/reportId").asText()).isEqualTo("ordos-2025/2025-06-30");
        assertThat(report.at("/summary/kind").asText()).isEqualTo("ON_DEMAND");
        // Generating is a change: the audit trail says who made which report.
        assertThat(AUDIT.recent(null, "REPORT_GENERATED", null, 10))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.getTarget()).isEqualTo("ordos-2025/2025-06-30");
                    assertThat(e.getActor()).isEqualTo("api-token");
                    assertThat(e.getOutcome()).isEqualTo("OK");
                });

        assertDocumented("/api/reports", "/api/reports");
        assertDocumented("/api/reports/{report}", "/api/reports/2025-06-30");
        JsonNode goals = json("/api/goals?asOf=2025-06-30").get("goals");
        for (JsonNode g : goals) {
            JsonNode line = find(report.get("goals"), "goalKey", g.get("key").asText());
            assertThat(line.get("status").asText()).isEqualTo(g.get("status").asText());
            assertThat(line.get("actual").isNull() ? null : line.get("actual").decimalValue())
                    .isEqualTo(g.get("actual").isNull() ? null : g.get("actual").decimalValue());
        }

        try (XSSFWorkbook wb = workbook("/api/reports/2025-06-30/workbook")) {
            List<String> sheets = new ArrayList<>();
            wb.forEach(s -> sheets.add(s.getSheetName()));
            assertThat(sheets).contains("总览", "二、分项指标进展", "状态变化", "滞后指标", "旗区汇总", "部门汇总");
            assertThat(wb.getSheet("总览").getDrawingPatriarch().getShapes())
                    .as("the charts")
                    .hasSize(2);
        }
        HttpResponse<byte[]> pdf = bytes("/api/reports/2025-06-30/pdf");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/pdf"));
        try (PDDocument doc = Loader.loadPDF(pdf.body())) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text)
                    .contains("调度通报")
                    .contains("2025-06-30")
                    .contains("固定资产投资")
                    .contains("一、总体情况");
        }
        try (PDDocument doc =
                Loader.loadPDF(bytes("/api/reports/2025-06-30/pdf?lang=en").body())) {
            assertThat(new PDFTextStripper().getText(doc))
                    .contains("Dispatch Report")
                    .contains("1. Overview");
        }

        assertThat(get("/api/reports/2025-13").statusCode()).isEqualTo(400);
        assertThat(get("/api/reports/yesterday").statusCode()).isEqualTo(400);
        assertThat(get("/api/reports/2025-05").statusCode()).isEqualTo(404);
        assertThat(get("/api/reports/2025-06-30/pdf?lang=xx").statusCode()).isEqualTo(400);
    }

    // ---- helpers ----

    private static void assertDocumented(String path, String request) throws Exception {
        HttpResponse<String> r = get(request);
        assertThat(r.statusCode()).as(request).isEqualTo(200);
        assertThat(contract.violations(JSON.readTree(r.body()), contract.responseSchema("GET", path, 200)))
                .as(request)
                .isEmpty();
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (n.get(field).asText().equals(value)) {
                return n;
            }
        }
        throw new AssertionError(value + " not in " + array);
    }

    private static int headerRow(Sheet sheet, String firstHeader) {
        for (Row row : sheet) {
            Cell c = row.getCell(0);
            if (c != null
                    && c.getCellType() == CellType.STRING
                    && c.getStringCellValue().equals(firstHeader)) {
                return row.getRowNum();
            }
        }
        throw new AssertionError("no header row starting with " + firstHeader + " in " + sheet.getSheetName());
    }

    private static Row rowOf(Sheet sheet, int header, int column, String value) {
        for (int r = header + 1; r <= sheet.getLastRowNum(); r++) {
            Row row = sheet.getRow(r);
            if (row != null
                    && row.getCell(column) != null
                    && row.getCell(column).getStringCellValue().equals(value)) {
                return row;
            }
        }
        throw new AssertionError(value + " not in " + sheet.getSheetName());
    }

    private static List<String> text(Row row) {
        List<String> out = new ArrayList<>();
        row.forEach(c -> out.add(c.getCellType() == CellType.STRING ? c.getStringCellValue() : c.toString()));
        return out;
    }

    private static XSSFWorkbook workbook(String path) throws Exception {
        HttpResponse<byte[]> r = bytes(path);
        assertThat(r.statusCode())
                .as(path + " -> " + new String(r.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith(ExportRoutes.XLSX));
        assertThat(r.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("attachment;").contains("filename*=UTF-8''"));
        return new XSSFWorkbook(new ByteArrayInputStream(r.body()));
    }

    private static JsonNode json(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> bytes(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<String> post(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + api.server.port() + path);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
