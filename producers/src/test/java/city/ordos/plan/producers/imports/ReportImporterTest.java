package city.ordos.plan.producers.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import city.ordos.plan.avro.County;
import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.catalog.BuiltInCatalog;
import city.ordos.plan.catalog.CatalogParser;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.filesystem.FileMagic;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportImporterTest {

    static final TableLayout.Options OPTIONS =
            new TableLayout.Options(TableLayout.AUTO, "MUNICIPAL_MAJOR", 2025, CatalogFeeds.of(BuiltInCatalog.parse()));
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final CollectingSink sink = new CollectingSink();
    private final ReportImporter importer = new ReportImporter(
            sink,
            Clock.fixed(Instant.parse("2025-08-06T02:00:00Z"), ZoneOffset.UTC),
            new PrintStream(console, true, StandardCharsets.UTF_8));

    static Path sample(String name) {
        try {
            return Path.of(
                    ReportImporterTest.class.getResource("/imports/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private ImportSummary importSample(String name) throws ImportException {
        return importer.importFile(sample(name), "auto", OPTIONS);
    }

    @Test
    void anAmountBeyondTheStatementLimitIsRefusedWithItsOwnReason(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("too-large.csv");
        Files.writeString(
                csv,
                "项目编号,项目名称,旗区,行业,截至日期,完成投资,单位\n"
                        + "ORD-ZD-001,项目,准格尔旗,工业,2025-06-30,1000000000000000,亿元\n"
                        + "ORD-ZD-002,项目,准格尔旗,工业,2025-06-30,1000000000000000.000001,亿元\n",
                StandardCharsets.UTF_8);

        ImportSummary summary = importer.importFile(csv, "auto", OPTIONS);

        assertThat(summary.published()).as("10^15, the limit itself").isEqualTo(1);
        assertThat(sink.rejected)
                .extracting(DeadLetter::getSourceLine, DeadLetter::getReasonCode)
                .containsExactly(tuple(3L, "AMOUNT_TOO_LARGE"));
    }

    @Test
    void aProjectOfATierNoGoalCountsIsRefusedAtImportNotDeadLetteredByTheAppLater(@TempDir Path dir) throws Exception {
        // The 2025 plan counts the 433 municipal major projects; the wider fixed-asset base
        // (其他项目) has no goal, and the app would set such a statement aside as NO_MATCHING_GOAL.
        Path csv = dir.resolve("mixed-tiers.csv");
        Files.writeString(
                csv,
                "项目编号,项目名称,旗区,行业,截至日期,完成投资,单位,项目类别\n"
                        + "ORD-ZD-001,项目,准格尔旗,工业,2025-06-30,1.5,亿元,市级重大项目\n"
                        + "ORD-GT-00001,项目,东胜区,房地产,2025-06-30,5600,万元,其他项目\n"
                        + "ORD-GT-00002,项目,达拉特旗,基础设施,2025-06-30,980,万元,OTHER_FIXED_ASSET\n",
                StandardCharsets.UTF_8);

        ImportSummary summary = importer.importFile(csv, "auto", OPTIONS);

        assertThat(summary.published()).isEqualTo(1);
        assertThat(sink.rejected)
                .extracting(DeadLetter::getSourceLine, DeadLetter::getReasonCode)
                .containsExactly(tuple(3L, "NO_MATCHING_GOAL"), tuple(4L, "NO_MATCHING_GOAL"));
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("第 3 行 NO_MATCHING_GOAL：没有目标读取该数据（请核对指标代码或项目类别）")
                .contains("项目类别 其他项目 (OTHER_FIXED_ASSET): no goal of the plan counts the investment of this tier;"
                        + " the goals count 市级重大项目 (MUNICIPAL_MAJOR)");

        // A plan whose investment goal counts the wider base too takes the same rows, tier as written.
        String wider = new String(
                        ReportImporterTest.class
                                .getResourceAsStream("/" + BuiltInCatalog.RESOURCE)
                                .readAllBytes(),
                        StandardCharsets.UTF_8)
                .replace("categories: [MUNICIPAL_MAJOR]", "categories: [MUNICIPAL_MAJOR, OTHER_FIXED_ASSET]");
        sink.published.clear();
        importer.importFile(
                csv,
                "auto",
                new TableLayout.Options(
                        TableLayout.AUTO,
                        "MUNICIPAL_MAJOR",
                        2025,
                        CatalogFeeds.of(new CatalogParser().parse(wider, "wider.yaml"))));
        assertThat(sink.published)
                .extracting(InvestmentReport::getProjectId, InvestmentReport::getTier)
                .containsExactly(
                        tuple("ORD-ZD-001", "MUNICIPAL_MAJOR"),
                        tuple("ORD-GT-00001", "OTHER_FIXED_ASSET"),
                        tuple("ORD-GT-00002", "OTHER_FIXED_ASSET"));
    }

    @Test
    void aRowContradictingAnEarlierRowOfTheSameTableIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("typo.csv");
        Files.writeString(
                csv,
                "项目编号,项目名称,旗区,行业,截至日期,完成投资,单位,报送日期\n"
                        + "ORD-ZD-001,项目,准格尔旗,工业,2025-06-30,12.35,亿元,2025-07-05\n"
                        + "ORD-ZD-001,项目,准格尔旗,工业,2025-06-30,1.235,亿元,2025-07-05\n"
                        + "ORD-ZD-001,项目,准格尔旗,工业,2025-06-30,12.35,亿元,2025-07-05\n"
                        + "ORD-ZD-001,项目,准格尔旗,工业,2025-06-30,11.9,亿元,2025-07-20\n",
                StandardCharsets.UTF_8);

        importer.importFile(csv, "auto", OPTIONS);

        assertThat(sink.rejected)
                .extracting(DeadLetter::getSourceLine, DeadLetter::getReasonCode)
                .containsExactly(tuple(3L, "CONFLICTING_ROW"));
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("line 3 CONFLICTING_ROW: 项目编号 ORD-ZD-001, 截至日期 2025-06-30, 报送日期 2025-07-05 is stated on"
                        + " line 2 already");
        // the exact repeat is the same statement again; the later report date is a correction
        assertThat(sink.published)
                .extracting(r -> r.getQuantity().getValue().toPlainString())
                .containsExactly("12.35", "12.35", "11.9");
    }

    @Test
    void blankLinesAreSkippedBeforeTheHeaderAndAmongTheRowsKeepingLineNumbers(@TempDir Path dir) throws Exception {
        Path blank = dir.resolve("blank.csv");
        Files.writeString(blank, ",,,\n  \n,,\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> importer.importFile(blank, "auto", OPTIONS))
                .isInstanceOfSatisfying(
                        ImportException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.NO_HEADER));

        Path spaced = dir.resolve("spaced.csv");
        Files.writeString(
                spaced,
                ",,,,,,\n项目编号,项目名称,旗区,行业,截至日期,完成投资,单位\n,,,,,,\n" + "ORD-ZD-001,项目,准格尔旗,工业,2025-06-30,abc,亿元\n",
                StandardCharsets.UTF_8);
        ImportSummary summary = importer.importFile(spaced, "auto", OPTIONS);
        assertThat(summary.rows()).isEqualTo(1);
        assertThat(sink.rejected)
                .extracting(DeadLetter::getSourceLine, DeadLetter::getReasonCode)
                .containsExactly(tuple(4L, "INVALID_DECIMAL"));
    }

    @Test
    void aFileThatIsNotThereIsNamedAsMissing(@TempDir Path dir) {
        assertThatThrownBy(() -> importer.importFile(dir.resolve("nosuch.csv"), "auto", OPTIONS))
                .isInstanceOf(ImportException.class)
                .hasMessage("there is no file " + dir.resolve("nosuch.csv"));
        assertThatThrownBy(() -> importer.importFile(dir, "auto", OPTIONS))
                .hasMessageEndingWith("it is a directory, not a file");
    }

    @Test
    void goodCsvWithChineseHeadersPublishesEveryRow() throws Exception {
        ImportSummary summary = importSample("investment-2025-06-good.csv");

        assertThat(summary.rows()).isEqualTo(8);
        assertThat(summary.published()).isEqualTo(8);
        assertThat(summary.rejected()).isZero();
        InvestmentReport first = sink.published.get(0);
        assertThat(first.getProjectId()).isEqualTo("ORD-ZD-001");
        assertThat(first.getProjectName()).isEqualTo("准格尔旗煤制烯烃项目二期");
        assertThat(first.getHeader().getCounty()).isEqualTo(County.ZHUNGEER);
        assertThat(first.getSector()).isEqualTo("INDUSTRY");
        assertThat(first.getTier()).isEqualTo("MUNICIPAL_MAJOR");
        assertThat(first.getQuantity().getValue()).isEqualByComparingTo("12.35");
        assertThat(first.getQuantity().getUnit()).isEqualTo("亿元");
        // as of the end of 30 June in Ordos (UTC+8), reported 5 July
        assertThat(first.getHeader().getEventTime()).isEqualTo(Instant.parse("2025-06-30T15:59:59Z"));
        assertThat(first.getHeader().getReportedAt()).isEqualTo(Instant.parse("2025-07-05T15:59:59Z"));
        assertThat(sink.publishedKeys.get(0)).isEqualTo("ORD-ZD-001");
        // Each row goes with its file and line (header is line 1): its provenance downstream.
        assertThat(sink.origins)
                .startsWith("investment-2025-06-good.csv:2", "investment-2025-06-good.csv:3")
                .hasSize(8);
        assertThat(sink.published)
                .extracting(
                        r -> r.getQuantity().getValue().toPlainString(),
                        r -> r.getQuantity().getUnit(),
                        r -> r.getHeader().getCounty(),
                        InvestmentReport::getTier)
                .contains(
                        tuple("8420.5", "万元", County.ETUOKE, "MUNICIPAL_MAJOR"),
                        tuple("1.75", "亿元", County.HANGJIN, "MUNICIPAL_MAJOR"),
                        tuple("21.4", "亿元", County.YIJINHUOLUO, "MUNICIPAL_MAJOR"),
                        tuple("5600", "万元", County.DONGSHENG, "MUNICIPAL_MAJOR"),
                        tuple("980", "万元", County.DALATE, "MUNICIPAL_MAJOR"));
        // "2025年6月" means the end of June
        assertThat(sink.published.get(4).getHeader().getEventTime()).isEqualTo(Instant.parse("2025-06-30T15:59:59Z"));
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("8 done");
    }

    @Test
    void mixedFilePublishesGoodRowsAndDeadLettersEachBadRowWithLineAndReason() throws Exception {
        ImportSummary summary = importSample("investment-2025-07-mixed.csv");

        assertThat(summary.rows()).isEqualTo(10);
        assertThat(summary.published()).isEqualTo(2);
        assertThat(sink.published)
                .extracting(InvestmentReport::getProjectId)
                .containsExactly("ORD-ZD-101", "ORD-ZD-110");
        assertThat(summary.rejectedByReason())
                .isEqualTo(Map.of(
                        "UNKNOWN_COUNTY",
                        1L,
                        "NEGATIVE_AMOUNT",
                        1L,
                        "INVALID_DECIMAL",
                        1L,
                        "UNIT_MISMATCH",
                        1L,
                        "UNKNOWN_UNIT",
                        1L,
                        "OUTSIDE_PLAN_YEAR",
                        1L,
                        "BAD_ROW",
                        1L,
                        "MISSING_FIELD",
                        1L));
        assertThat(sink.rejected)
                .extracting(DeadLetter::getSourceLine, DeadLetter::getReasonCode)
                .containsExactly(
                        tuple(3L, "UNKNOWN_COUNTY"),
                        tuple(4L, "NEGATIVE_AMOUNT"),
                        tuple(5L, "UNIT_MISMATCH"),
                        tuple(6L, "UNKNOWN_UNIT"),
                        tuple(7L, "OUTSIDE_PLAN_YEAR"),
                        tuple(8L, "BAD_ROW"),
                        tuple(9L, "MISSING_FIELD"),
                        tuple(10L, "INVALID_DECIMAL"));
        DeadLetter county = sink.rejected.get(0);
        assertThat(county.getSourceFile()).isEqualTo("investment-2025-07-mixed.csv");
        assertThat(county.getComponent()).isEqualTo("importer");
        assertThat(county.getMessage())
                .contains("line 3")
                .contains("包头市")
                .as("the dead letter's free text also says what the reason means in Chinese")
                .endsWith(" / 旗区名称无法识别");
        assertThat(StandardCharsets.UTF_8.decode(county.getOriginalValue()).toString())
                .isEqualTo("ORD-ZD-102,包头市物流园区项目,包头市,基础设施,2025-07-31,2.1,亿元,市级重大项目,2025-08-05");
        assertThat(StandardCharsets.UTF_8.decode(county.getOriginalKey()).toString())
                .isEqualTo("ORD-ZD-102");
        assertThat(sink.rejectedKeys.get(0)).isEqualTo("ORD-ZD-102");
        assertThat(sink.rejected.get(6).getMessage()).contains("项目名称");
        assertThat(summary.rejections())
                .first()
                .asString()
                .startsWith("investment-2025-07-mixed.csv 第 3 行 UNKNOWN_COUNTY：旗区名称无法识别 / line 3 UNKNOWN_COUNTY: "
                        + "旗区 '包头市'");
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("investment-2025-07-mixed.csv 第 10 行 INVALID_DECIMAL：数值格式不正确（应为数字，最多6位小数） / "
                        + "line 10 INVALID_DECIMAL: ");
    }

    @Test
    void gbkFileIsDetectedAndDecodedIntoTheSameEventsAsItsUtf8Twin() throws Exception {
        importSample("investment-2025-06-good.csv");
        List<InvestmentReport> utf8 = List.copyOf(sink.published);
        sink.published.clear();

        ImportSummary summary = importSample("investment-2025-06-gbk.csv");

        assertThat(summary.encodingNote())
                .contains("不是有效的 UTF-8，已按 GB18030/GBK 读取")
                .contains("not valid UTF-8")
                .contains("GB18030");
        assertThat(sink.published).isEqualTo(utf8);
    }

    @Test
    void gbkFileDeclaredAsUtf8IsRejectedNamingTheOffendingBytes() {
        assertThatThrownBy(() -> importer.importFile(sample("investment-2025-06-gbk.csv"), "UTF-8", OPTIONS))
                .isInstanceOf(ImportException.class)
                .hasMessageContaining("is not valid UTF-8")
                .hasMessageContaining("byte offset")
                .hasMessageContaining("--encoding GBK");
        assertThat(sink.published).isEmpty();
        assertThat(sink.rejected).isEmpty();
    }

    @Test
    void gbkFileDeclaredAsGbkIsRead() throws Exception {
        ImportSummary summary = importer.importFile(sample("investment-2025-06-gbk.csv"), "GBK", OPTIONS);
        assertThat(summary.published()).isEqualTo(8);
        assertThat(sink.published.get(0).getProjectName()).isEqualTo("准格尔旗煤制烯烃项目二期");
    }

    @Test
    void missingColumnsAreNamedAndNothingIsPublished() {
        assertThatThrownBy(() -> importSample("investment-missing-columns.csv"))
                .isInstanceOf(ImportException.class)
                .hasMessageContaining("missing column 旗区")
                .hasMessageContaining("missing column 完成投资")
                .hasMessageNotContaining("missing column 项目编号");
        assertThat(sink.published).isEmpty();
    }

    @Test
    void importingTheSameFileTwiceGivesIdenticalEventsAndIds() throws Exception {
        importSample("investment-2025-06-good.csv");
        List<InvestmentReport> first = List.copyOf(sink.published);
        sink.published.clear();

        importSample("investment-2025-06-good.csv");

        assertThat(sink.published).isEqualTo(first);
        assertThat(sink.published).extracting(r -> r.getHeader().getEventId()).doesNotHaveDuplicates();
    }

    @Test
    void theSameRowInARenamedFileIsTheSameStatement(@TempDir Path dir) throws Exception {
        importSample("investment-2025-06-good.csv");
        List<InvestmentReport> original = List.copyOf(sink.published);
        sink.published.clear();
        Path copy = dir.resolve("resent-by-email.csv");
        Files.copy(sample("investment-2025-06-good.csv"), copy);

        importer.importFile(copy, "auto", OPTIONS);

        assertThat(sink.published).isEqualTo(original);
    }

    @Test
    void aCorrectedValueIsANewStatementForTheSameSource(@TempDir Path dir) throws Exception {
        Path corrected = dir.resolve("corrected.csv");
        Files.writeString(
                corrected,
                Files.readString(sample("investment-2025-06-good.csv"))
                        .replace(",12.35,亿元,市级重大项目,2025-07-05", ",11.90,亿元,市级重大项目,2025-07-20"));
        importSample("investment-2025-06-good.csv");
        InvestmentReport original = sink.published.get(0);

        importer.importFile(corrected, "auto", OPTIONS);

        InvestmentReport restated = sink.published.get(8);
        assertThat(restated.getHeader().getSourceId())
                .isEqualTo(original.getHeader().getSourceId());
        assertThat(restated.getHeader().getEventTime())
                .isEqualTo(original.getHeader().getEventTime());
        assertThat(restated.getHeader().getReportedAt())
                .isAfter(original.getHeader().getReportedAt());
        assertThat(restated.getHeader().getEventId())
                .isNotEqualTo(original.getHeader().getEventId());
        assertThat(restated.getQuantity().getValue()).isEqualByComparingTo(new BigDecimal("11.90"));
    }

    @Test
    void excelWorkbookWithDateCellsAndUnitInTheHeader() throws Exception {
        ImportSummary summary = importSample("investment-2025-08.xlsx");

        assertTheAugustWorkbooksRows(summary);
        assertThat(StandardCharsets.UTF_8
                        .decode(sink.rejected.get(0).getOriginalValue())
                        .toString())
                .startsWith("ORD-ZD-203,呼和浩特市物流园区项目,呼和浩特市,基础设施,2025-08-31,2");
    }

    @Test
    void anOldBinaryXlsWorkbookIsReadLikeTheXlsxItWasSavedFrom(@TempDir Path dir) throws Exception {
        // The same sheet in the BIFF8 format older office software still saves: written by POI's
        // HSSF from the .xlsx sample, cell by cell (text, numbers, date cells with their format).
        Path xls = dir.resolve("investment-2025-08.xls");
        try (Workbook from =
                        WorkbookFactory.create(sample("investment-2025-08.xlsx").toFile(), null, true);
                HSSFWorkbook to = new HSSFWorkbook()) {
            Sheet in = from.getSheetAt(0);
            Sheet out = to.createSheet(in.getSheetName());
            CellStyle date = to.createCellStyle();
            date.setDataFormat(to.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
            for (Row row : in) {
                Row copy = out.createRow(row.getRowNum());
                for (Cell cell : row) {
                    Cell c = copy.createCell(cell.getColumnIndex());
                    switch (cell.getCellType()) {
                        case NUMERIC -> {
                            if (DateUtil.isCellDateFormatted(cell)) {
                                c.setCellValue(cell.getLocalDateTimeCellValue());
                                c.setCellStyle(date);
                            } else {
                                c.setCellValue(cell.getNumericCellValue());
                            }
                        }
                        case STRING -> c.setCellValue(cell.getStringCellValue());
                        case BOOLEAN -> c.setCellValue(cell.getBooleanCellValue());
                        default -> {}
                    }
                }
            }
            try (OutputStream file = Files.newOutputStream(xls)) {
                to.write(file);
            }
        }
        assertThat(FileMagic.valueOf(xls.toFile())).as("a BIFF8 (OLE2) file").isEqualTo(FileMagic.OLE2);

        ImportSummary summary = importer.importFile(xls, "auto", OPTIONS);

        assertTheAugustWorkbooksRows(summary);
    }

    /** investment-2025-08's rows as published and rejected, whichever Excel format carried them. */
    private void assertTheAugustWorkbooksRows(ImportSummary summary) {
        assertThat(summary.rows()).isEqualTo(6);
        assertThat(summary.published()).isEqualTo(4);
        assertThat(sink.published)
                .extracting(
                        InvestmentReport::getProjectId,
                        r -> r.getQuantity().getValue().toPlainString(),
                        r -> r.getQuantity().getUnit())
                .containsExactly(
                        tuple("ORD-ZD-201", "15.6", "亿元"),
                        tuple("ORD-ZD-202", "3.25", "亿元"),
                        tuple("ORD-ZD-204", "1.8", "亿元"),
                        tuple("ORD-ZD-206", "9", "亿元"));
        assertThat(sink.published.get(0).getHeader().getEventTime()).isEqualTo(Instant.parse("2025-08-31T15:59:59Z"));
        // row 3 of the sheet is blank: the bad rows keep their own sheet row numbers
        assertThat(sink.rejected)
                .extracting(DeadLetter::getSourceLine, DeadLetter::getReasonCode)
                .containsExactly(tuple(5L, "UNKNOWN_COUNTY"), tuple(7L, "NEGATIVE_AMOUNT"));
    }
}
