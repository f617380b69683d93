package cn.fieldsync.domain.accountability;

import cn.fieldsync.schemas.Labels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The forms an accountability action (问责) takes (docs/accountability.md, "Forms and what they may be aimed at"): warnings,
 * party accountability (问责条例 2019 art 8), government sanctions (政务处分法 art 7) and party
 * discipline. A form is a category, a kind and, for 组织调整或组织处理, a sub-kind.
 */
public record AccountabilityForm(Category category, String kind, String subKind) {

    public enum Category {
        /** 约谈, 通报, 整改通知: earlier warnings, which later cases count as evidence. */
        WARNING,
        /** 问责条例 art 8, against an organisation or a leading cadre. */
        PARTY_ACCOUNTABILITY,
        /** 政务处分, with influence periods. */
        GOVERNMENT_SANCTION,
        /** 党纪处分. */
        PARTY_DISCIPLINE
    }

    /** Kind → Chinese name, per category, in the order the rules list them. */
    private static final Map<Category, Map<String, String>> KINDS = Map.of(
            Category.WARNING, ordered("TALK", "约谈", "CIRCULAR", "通报", "RECTIFICATION_NOTICE", "整改通知"),
            Category.PARTY_ACCOUNTABILITY, ordered("INSPECTION", "检查", "CIRCULAR", "通报", "REORGANISATION", "改组",
                    "ADMONISHMENT", "诫勉", "ORGANISATIONAL_HANDLING", "组织调整或组织处理", "DISCIPLINARY_ACTION", "纪律处分"),
            Category.GOVERNMENT_SANCTION, ordered("WARNING", "警告", "DEMERIT", "记过", "MAJOR_DEMERIT", "记大过",
                    "DEMOTION", "降级", "DISMISSAL_FROM_POST", "撤职", "EXPULSION", "开除"),
            Category.PARTY_DISCIPLINE, ordered("WARNING", "警告", "SERIOUS_WARNING", "严重警告", "REMOVAL_FROM_PARTY_POST",
                    "撤销党内职务", "PROBATION", "留党察看", "EXPULSION", "开除党籍"));

    /** The sub-kinds of 组织调整或组织处理. */
    private static final Map<String, String> ORGANISATIONAL = ordered("SUSPENSION_FOR_INSPECTION", "停职检查",
            "POST_ADJUSTMENT", "调整职务", "ORDERED_RESIGNATION", "责令辞职", "REMOVAL", "免职", "DEMOTION", "降职");

    public AccountabilityForm {
        if (category == null) {
            throw new IllegalArgumentException(Labels.say("formCategory", Labels.named("actionCategories", List.of(Category.values()))));
        }
        Map<String, String> kinds = KINDS.get(category);
        if (kind == null || !kinds.containsKey(kind)) {
            throw new IllegalArgumentException(Labels.say("formKind", Labels.name("actionCategories", category.name()), named(kinds)));
        }
        boolean needsSub = category == Category.PARTY_ACCOUNTABILITY && kind.equals("ORGANISATIONAL_HANDLING");
        if (needsSub && (subKind == null || !ORGANISATIONAL.containsKey(subKind))) {
            throw new IllegalArgumentException(Labels.say("formSubKind", named(ORGANISATIONAL)));
        }
        if (!needsSub && subKind != null) {
            throw new IllegalArgumentException(Labels.say("formNoSubKind", KINDS.get(category).get(kind)));
        }
    }

    public static Optional<Category> category(String name) {
        for (Category c : Category.values()) {
            if (c.name().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The form's name as the documents write it, e.g. "政务处分·记过" or "组织调整或组织处理·免职". */
    public String label() {
        String name = KINDS.get(category).get(kind);
        return switch (category) {
            case WARNING -> name;
            case PARTY_ACCOUNTABILITY -> subKind == null ? name : name + "·" + ORGANISATIONAL.get(subKind);
            case GOVERNMENT_SANCTION -> "政务处分·" + name;
            case PARTY_DISCIPLINE -> "党纪处分·" + name;
        };
    }

    /** The government sanction this form is, with its influence period; empty for other forms. */
    public Optional<GovernmentSanction> governmentSanction() {
        return category == Category.GOVERNMENT_SANCTION ? Optional.of(GovernmentSanction.valueOf(kind)) : Optional.empty();
    }

    /**
     * What the form may be aimed at.
     *
     * @param person         a person (else a unit)
     * @param publicOfficial the person is a 公职人员 (监察法 art 15)
     * @param partyMember    the person is a 党员
     * @param unitKind       the unit's kind (ENTERPRISE, PARTY_ORG, AGENCY, SCHOOL), for a unit
     */
    public record Target(boolean person, boolean publicOfficial, boolean partyMember, String unitKind) {
    }

    /**
     * Why this form cannot be aimed at the target, or empty when it can: 政务处分 only at 公职人员
     * (政务处分法 arts 2–3); 党纪处分 only at 党员; of party accountability (问责条例 art 8), 检查 and
     * 改组 only at a 党组织, 诫勉, 组织调整或组织处理 and 纪律处分 only at a person (纪律处分 at a
     * 党员), 通报 at either; 约谈, 通报 and 整改通知 at either.
     */
    public Optional<String> refuseTarget(Target target) {
        String what = label();
        return switch (category) {
            case GOVERNMENT_SANCTION -> target.person() && target.publicOfficial() ? Optional.empty()
                    : Optional.of(Labels.say(target.person() ? "formOfficialsOnly" : "formOfficialsNotUnit", what));
            case PARTY_DISCIPLINE -> target.person() && target.partyMember() ? Optional.empty()
                    : Optional.of(Labels.say(target.person() ? "formMembersOnly" : "formMembersNotUnit", what));
            case PARTY_ACCOUNTABILITY -> switch (kind) {
                case "INSPECTION", "REORGANISATION" -> !target.person() && "PARTY_ORG".equals(target.unitKind()) ? Optional.empty()
                        : Optional.of(Labels.say("formPartyOrgOnly", what, target.person() ? "个人" : unitKind(target)));
                case "CIRCULAR" -> target.person() || "PARTY_ORG".equals(target.unitKind()) ? Optional.empty()
                        : Optional.of(Labels.say("formCircularTarget", what, unitKind(target)));
                case "DISCIPLINARY_ACTION" -> target.person() && target.partyMember() ? Optional.empty()
                        : Optional.of(Labels.say(target.person() ? "formPartyMemberTarget" : "formPersonTarget", what));
                default -> target.person() ? Optional.empty() : Optional.of(Labels.say("formPersonTarget", what));
            };
            case WARNING -> Optional.empty();
        };
    }

    public boolean isWarning() {
        return category == Category.WARNING;
    }

    /** A unit's kind as a refusal names it: "企业（ENTERPRISE）". */
    private static String unitKind(Target target) {
        return Labels.named("unitKinds", target.unitKind());
    }

    /** "警告（WARNING）、记过（DEMERIT）…": each choice by its Chinese name and the code a request sends. */
    private static String named(Map<String, String> names) {
        return String.join("、", names.entrySet().stream().map(e -> e.getValue() + "（" + e.getKey() + "）").toList());
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
