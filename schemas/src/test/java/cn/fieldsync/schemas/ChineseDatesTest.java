package cn.fieldsync.schemas;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class ChineseDatesTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void datesAndTimesReadTheChineseWayInTheServersZone() {
        assertThat(ChineseDates.format("2026-11-21", SHANGHAI)).isEqualTo("2026年11月21日");
        assertThat(ChineseDates.format("2026-11-29T10:20+08:00", SHANGHAI)).isEqualTo("2026年11月29日 10:20");
        // a server time in UTC is the next morning in 东八区, not "…Z"
        assertThat(ChineseDates.format("2026-11-29T23:30:00Z", SHANGHAI)).isEqualTo("2026年11月30日 07:30");
        assertThat(ChineseDates.format(Instant.parse("2026-11-29T02:20:00Z"), SHANGHAI)).isEqualTo("2026年11月29日 10:20");
    }

    @Test
    void freeTextAndNothingStayAsTheyAre() {
        assertThat(ChineseDates.format("2026年底前", SHANGHAI)).isEqualTo("2026年底前");
        assertThat(ChineseDates.format((String) null, SHANGHAI)).isEmpty();
        assertThat(ChineseDates.format(" ", SHANGHAI)).isEmpty();
    }
}
