package cn.fieldsync.schemas;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * WireTimes reads and writes exactly what the JDK does — the same value, or the same kind of
 * refusal — for the layouts devices send and for everything else (which it hands to the JDK).
 */
class WireTimesTest {

    @Test
    void readsEveryDateTimeAsOffsetDateTimeParseDoes() {
        List<String> texts = new ArrayList<>(List.of(
                "2026-11-20T09:30:00+08:00", "2026-11-20T09:30:00Z", "2026-11-20T09:30:00.5Z", "2026-11-20T09:30:00.123456789-05:30",
                "2026-11-20T09:30:00.1234567891Z", "2026-11-20T09:30:00.Z", "2026-11-20T09:30+08:00", "2026-11-20t09:30:00z",
                "2026-11-20T09:30:00+0800", "2026-11-20T09:30:00+08", "2026-11-20T09:30:00-00:00", "2026-11-20T09:30:00+18:00",
                "2026-11-20T09:30:00+18:30", "2026-11-20T09:30:00+08:60", "2026-02-30T09:30:00Z", "2024-02-29T23:59:59Z",
                "2026-11-20T24:00:00Z", "2026-12-31T23:59:60Z", "0000-01-01T00:00:00Z", "+12026-11-20T09:30:00Z",
                "2026-11-20 09:30:00Z", "2026-1１-20T09:30:00Z", "2026-11-20T09:30:00+08:00:00", "2026-11-20T09:30:00+08:00 ",
                "", "2026", "2026-11-20T09:30:00", "2026-11-20T09:30:00-12:00", "2026-11-20T09:30:00.000Z"));
        Random random = new Random(17);
        for (int i = 0; i < 2000; i++) {
            long second = random.nextLong(-62_000_000_000L, 253_402_300_799L);
            OffsetDateTime t = Instant.ofEpochSecond(second, random.nextBoolean() ? 0 : random.nextInt(1_000_000_000))
                    .atOffset(java.time.ZoneOffset.ofTotalSeconds(60 * (random.nextInt(18 * 60 * 2 + 1) - 18 * 60)));
            texts.add(t.toString());
        }
        for (String text : texts) {
            assertEquals(outcome(() -> OffsetDateTime.parse(text)), outcome(() -> WireTimes.offsetDateTime(text)), text);
        }
    }

    @Test
    void readsEveryDateAsLocalDateParseDoes() {
        List<String> texts = new ArrayList<>(List.of("2026-11-20", "2026-02-29", "2024-02-29", "2026-13-01", "2026-00-10",
                "2026-11-31", "0000-01-01", "2026-1-20", "2026/11/20", "20261120", "+2026-11-20", "2026-11-2０", ""));
        Random random = new Random(26);
        for (int i = 0; i < 2000; i++) {
            texts.add(LocalDate.ofEpochDay(random.nextLong(-700_000, 2_900_000)).toString());
        }
        for (String text : texts) {
            assertEquals(outcome(() -> LocalDate.parse(text)), outcome(() -> WireTimes.localDate(text)), text);
        }
    }

    @Test
    void writesEveryInstantAsInstantToStringDoes() {
        List<Long> millis = new ArrayList<>(List.of(0L, 1L, 999L, 1000L, -1L, -1000L, 1_764_590_400_000L, 1_764_590_400_120L,
                253_402_300_799_999L, 253_402_300_800_000L, Long.MAX_VALUE / 1000, -62_167_219_200_000L));
        Random random = new Random(42);
        for (int i = 0; i < 5000; i++) {
            millis.add(random.nextLong(-100_000_000_000_000L, 300_000_000_000_000L));
        }
        for (long ms : millis) {
            assertEquals(Instant.ofEpochMilli(ms).toString(), WireTimes.instant(ms), String.valueOf(ms));
        }
    }

    /** The value, or the kind of exception. */
    private static Object outcome(Callable<Object> read) {
        try {
            return read.call();
        } catch (Exception e) {
            return e.getClass();
        }
    }
}
