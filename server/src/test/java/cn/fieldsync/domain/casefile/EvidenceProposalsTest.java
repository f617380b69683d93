package cn.fieldsync.domain.casefile;

import cn.fieldsync.domain.casefile.EvidenceProposals.Case;
import cn.fieldsync.domain.casefile.EvidenceProposals.Hazard;
import cn.fieldsync.domain.casefile.EvidenceProposals.Inspection;
import cn.fieldsync.domain.casefile.EvidenceProposals.Pledge;
import cn.fieldsync.domain.casefile.EvidenceProposals.Post;
import cn.fieldsync.domain.casefile.EvidenceProposals.Proposal;
import cn.fieldsync.domain.casefile.EvidenceProposals.Warning;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static cn.fieldsync.domain.casefile.EvidenceProposals.Leadership.*;
import static cn.fieldsync.domain.casefile.EvidenceProposals.Track.DIRECT;
import static cn.fieldsync.domain.casefile.EvidenceProposals.Track.LEADERSHIP;
import static org.assertj.core.api.Assertions.assertThat;

class EvidenceProposalsTest {

    private static final LocalDate EVENT = LocalDate.of(2026, 11, 20);
    private static final Case CASE = new Case("unit", "bureau", EVENT, 12);

    private static final List<Post> POSTS = List.of(
            new Post("old-boss", "unit", PRINCIPAL, LocalDate.of(2022, 1, 1), LocalDate.of(2026, 6, 30)),
            new Post("new-boss", "unit", PRINCIPAL, LocalDate.of(2026, 7, 1), null),
            new Post("clerk", "unit", STAFF, LocalDate.of(2020, 1, 1), null),
            new Post("bureau-head", "bureau", SUPERVISOR, LocalDate.of(2023, 5, 1), null));

    private static List<Proposal> propose(List<Inspection> inspections, List<Hazard> hazards, List<Pledge> pledges,
                                          List<Warning> warnings) {
        return EvidenceProposals.propose(CASE, POSTS, inspections, hazards, pledges, warnings);
    }

    @Test
    void thePledgeOfTheLeaderInPostAtTheEventIsProposedAndThePredecessorsIsNot() {
        List<Proposal> proposals = propose(List.of(), List.of(), List.of(
                new Pledge("by-new-boss", "new-boss", LocalDate.of(2026, 7, 1), LocalDate.of(2026, 12, 31), LocalDate.of(2026, 7, 1)),
                new Pledge("by-old-boss", "old-boss", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), LocalDate.of(2026, 1, 1)),
                new Pledge("by-clerk", "clerk", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), LocalDate.of(2026, 1, 1)),
                new Pledge("by-bureau-head", "bureau-head", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), LocalDate.of(2026, 1, 1)),
                new Pledge("expired", "new-boss", LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31), LocalDate.of(2025, 1, 1))), List.of());
        assertThat(proposals).extracting(Proposal::evidenceId).containsExactlyInAnyOrder("by-new-boss", "by-bureau-head");
        assertThat(proposals).allSatisfy(p -> assertThat(p.track()).isEqualTo(LEADERSHIP));
    }

    @Test
    void inspectionsInTheWindowGoToBothTracksAndOlderOnesToNone() {
        List<Proposal> proposals = propose(List.of(
                new Inspection("recent", "unit", LocalDate.of(2026, 3, 1)),
                new Inspection("window-start", "unit", LocalDate.of(2025, 11, 20)),
                new Inspection("too-old", "unit", LocalDate.of(2025, 11, 19)),
                new Inspection("after-event", "unit", LocalDate.of(2026, 11, 21)),
                new Inspection("other-unit", "elsewhere", LocalDate.of(2026, 3, 1))), List.of(), List.of(), List.of());
        assertThat(proposals).extracting(p -> p.evidenceId() + "/" + p.track())
                .containsExactlyInAnyOrder("recent/DIRECT", "recent/LEADERSHIP", "window-start/DIRECT", "window-start/LEADERSHIP");
    }

    @Test
    void aHazardOverdueAtTheEventGoesToBothTracksAsAggravating() {
        List<Proposal> proposals = propose(List.of(), List.of(
                new Hazard("overdue", "unit", LocalDate.of(2026, 9, 1), LocalDate.of(2026, 10, 1), null, false),
                new Hazard("closed-late-after-event", "unit", LocalDate.of(2026, 9, 1), LocalDate.of(2026, 10, 1),
                        LocalDate.of(2026, 12, 1), false),
                new Hazard("closed-in-time", "unit", LocalDate.of(2026, 9, 1), LocalDate.of(2026, 10, 1),
                        LocalDate.of(2026, 9, 20), false),
                new Hazard("reopened", "unit", LocalDate.of(2024, 1, 1), null, null, true),
                new Hazard("deadline-is-event-day", "unit", LocalDate.of(2026, 11, 1), EVENT, null, false)),
                List.of(), List.of());
        assertThat(proposals).filteredOn(Proposal::aggravating).extracting(p -> p.evidenceId() + "/" + p.track())
                .containsExactlyInAnyOrder("overdue/DIRECT", "overdue/LEADERSHIP", "closed-late-after-event/DIRECT",
                        "closed-late-after-event/LEADERSHIP", "reopened/DIRECT", "reopened/LEADERSHIP");
        assertThat(proposals).filteredOn(p -> !p.aggravating()).extracting(p -> p.evidenceId() + "/" + p.track())
                .containsExactlyInAnyOrder("closed-in-time/DIRECT", "deadline-is-event-day/DIRECT");
    }

    @Test
    void onTheEventDayWhatWasFoundOrInspectedAfterTheEventIsNotProposedAsEarlier() {
        // found by a tester: a danger found at 16:00 after an accident at 10:20 was proposed as 事发前…发现的隐患
        java.time.Instant accident = java.time.OffsetDateTime.parse("2026-11-20T10:20:00+08:00").toInstant();
        Case timed = new Case("unit", "bureau", EVENT, 12, List.of(), accident);
        List<Proposal> proposals = EvidenceProposals.propose(timed, POSTS,
                List.of(new Inspection("inspected-before", "unit", EVENT, EvidenceProposals.Inspector.REGULATOR,
                                java.time.OffsetDateTime.parse("2026-11-20T08:00:00+08:00").toInstant()),
                        new Inspection("inspected-after", "unit", EVENT, EvidenceProposals.Inspector.REGULATOR,
                                java.time.OffsetDateTime.parse("2026-11-20T14:00:00+08:00").toInstant())),
                List.of(new Hazard("found-before", "unit", EVENT, null, null, false,
                                java.time.OffsetDateTime.parse("2026-11-20T09:00:00+08:00").toInstant()),
                        new Hazard("found-after", "unit", EVENT, null, null, false,
                                java.time.OffsetDateTime.parse("2026-11-20T16:00:00+08:00").toInstant()),
                        new Hazard("day-only", "unit", EVENT, null, null, false)),
                List.of(), List.of());
        assertThat(proposals).extracting(Proposal::evidenceId).contains("inspected-before", "found-before", "day-only")
                .doesNotContain("inspected-after", "found-after");
    }

    @Test
    void earlierWarningsToTheUnitOrItsThenLeadersGoToTheLeadershipTrack() {
        List<Proposal> proposals = propose(List.of(), List.of(), List.of(), List.of(
                new Warning("talk", "约谈", "new-boss", LocalDate.of(2026, 8, 1)),
                new Warning("circular", "通报", "unit", LocalDate.of(2026, 2, 1)),
                new Warning("to-predecessor", "约谈", "old-boss", LocalDate.of(2026, 3, 1)),
                new Warning("too-old", "整改通知", "unit", LocalDate.of(2024, 1, 1))));
        assertThat(proposals).extracting(Proposal::evidenceId).containsExactlyInAnyOrder("talk", "circular");
        assertThat(proposals).allSatisfy(p -> {
            assertThat(p.track()).isEqualTo(LEADERSHIP);
            assertThat(p.reason()).isNotBlank();
        });
    }

    @Test
    void aPledgeNotYetSignedOrSignedAfterTheEventIsNotProposedAsTheLeadersCommitment() {
        List<Proposal> proposals = propose(List.of(), List.of(), List.of(
                new Pledge("draft", "new-boss", LocalDate.of(2026, 7, 1), LocalDate.of(2026, 12, 31), null),
                new Pledge("signed-after", "new-boss", LocalDate.of(2026, 7, 1), LocalDate.of(2026, 12, 31), EVENT.plusDays(1)),
                new Pledge("signed-on-the-day", "new-boss", LocalDate.of(2026, 7, 1), LocalDate.of(2026, 12, 31), EVENT)), List.of());
        assertThat(proposals).extracting(Proposal::evidenceId).containsExactly("signed-on-the-day");
    }

    @Test
    void aWarningReasonNamesTheFormInChinese() {
        List<Proposal> proposals = propose(List.of(), List.of(), List.of(), List.of(new Warning("talk", "TALK", "new-boss", LocalDate.of(2026, 8, 1))));
        assertThat(proposals).singleElement().satisfies(p -> assertThat(p.reason()).contains("约谈").doesNotContain("TALK"));
    }

    @Test
    void inspectionsAreToldApartByWhoInspected_theUnitsOwnCheckIsNotTheRegulatorsDuty() {
        List<Proposal> proposals = propose(List.of(
                new Inspection("regulator", "unit", LocalDate.of(2026, 3, 1), EvidenceProposals.Inspector.REGULATOR),
                new Inspection("commission", "unit", LocalDate.of(2026, 3, 2), EvidenceProposals.Inspector.COMMISSION),
                new Inspection("self", "unit", LocalDate.of(2026, 3, 3), EvidenceProposals.Inspector.SELF_CHECK)), List.of(), List.of(), List.of());
        assertThat(proposals).extracting(p -> p.evidenceId() + "/" + p.track() + "/" + p.role()).containsExactlyInAnyOrder(
                "regulator/DIRECT/INSPECTION_OF_UNIT", "regulator/LEADERSHIP/SUPERVISION_DUTY",
                "commission/DIRECT/INSPECTION_OF_UNIT", "commission/LEADERSHIP/OVERSIGHT_DUTY",
                "self/DIRECT/SELF_CHECK");
    }

    @Test
    void theLeadersOfEverySupervisingUnitAreOnTheLeadershipTrack() {
        Case several = new Case("unit", "bureau", EVENT, 12, List.of("township", "commission"));
        List<Post> posts = List.of(new Post("township-head", "township", PRINCIPAL, LocalDate.of(2024, 1, 1), null),
                new Post("commission-head", "commission", SUPERVISOR, LocalDate.of(2024, 1, 1), null),
                new Post("elsewhere-head", "elsewhere", PRINCIPAL, LocalDate.of(2024, 1, 1), null));
        List<Proposal> proposals = EvidenceProposals.propose(several, posts, List.of(), List.of(), List.of(
                new Pledge("t", "township-head", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), LocalDate.of(2026, 1, 1)),
                new Pledge("c", "commission-head", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), LocalDate.of(2026, 1, 1)),
                new Pledge("e", "elsewhere-head", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), LocalDate.of(2026, 1, 1))), List.of());
        assertThat(proposals).extracting(Proposal::evidenceId).containsExactlyInAnyOrder("t", "c");
    }
}
