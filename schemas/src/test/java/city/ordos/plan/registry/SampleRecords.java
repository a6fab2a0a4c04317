package city.ordos.plan.registry;

import city.ordos.plan.avro.County;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.Quantity;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.avro.StatementType;
import java.math.BigDecimal;
import java.time.Instant;

final class SampleRecords {

    private SampleRecords() {}

    static InvestmentReport investmentReport(String value) {
        return InvestmentReport.newBuilder()
                .setHeader(StatementHeader.newBuilder()
                        .setEventId("evt-1")
                        .setSourceId("PRJ-2025-017")
                        .setEventTime(Instant.parse("2025-06-30T16:00:00Z"))
                        .setReportedAt(Instant.parse("2025-07-02T01:30:00Z"))
                        .setCounty(County.KANGBASHI)
                        .build())
                .setProjectId("PRJ-2025-017")
                .setProjectName("康巴什区数据中心二期")
                .setTier("MUNICIPAL_MAJOR")
                .setSector("INFRASTRUCTURE")
                .setStatement(StatementType.YEAR_TO_DATE)
                .setQuantity(Quantity.newBuilder()
                        .setValue(new BigDecimal(value).setScale(6))
                        .setUnit("亿元")
                        .build())
                .build();
    }
}
