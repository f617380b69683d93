package cn.fieldsync.schemas;

/**
 * 统一社会信用代码 (the unified social credit code of a legal person or other organisation), as GB 32100-2015
 * 《法人和其他组织统一社会信用代码编码规则》 lays it out: 18 characters — 登记管理部门代码 (1), 机构类别代码 (1),
 * 登记管理机关行政区划码 (6 digits), 主体标识码 (9, the organisation code) and 校验码 (1). Every character is a
 * digit or a capital letter other than I, O, S, V and Z (31 characters in all); the check character is
 * computed over the first 17 with the weights 3^(i-1) mod 31 (GB 32100-2015 §4.2, after GB/T 17710's MOD 31-3).
 *
 * <p>A unit is one legal entity under one code (the one-enterprise-one-unit rule of {@code duplicate_unit}): a
 * mistyped character would make a second unit for the same enterprise, and its evidence would split across the two
 * (a tester's finding: a code with a wrong check character was accepted). Pure; no state; safe from any thread.
 */
public final class CreditCodes {

    /** The 31 characters of the code, in the order of their values 0–30 (GB 32100-2015 table 2). */
    private static final String CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    /** The weights of positions 1–17: 3^(i-1) mod 31. */
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    private CreditCodes() {
    }

    /**
     * What is wrong with {@code code}, in the inspector's words, or null when it is a well-formed code whose check
     * character is right: the length, a blank, a small letter, a letter the code never uses, the six digits of
     * the 行政区划码, or the check character (naming the one the first 17 give).
     */
    public static String fault(String code) {
        if (code == null) {
            return "未填写";
        }
        if (!code.equals(code.trim()) || code.indexOf(' ') >= 0 || code.indexOf('\u3000') >= 0) {
            return "不能含空格";
        }
        if (code.length() != 18) {
            return "应为 18 位（现为 " + code.codePointCount(0, code.length()) + " 位），如 91350100M000100Y43";
        }
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c >= 'a' && c <= 'z') {
                return "字母须大写（第 " + (i + 1) + " 位为 " + c + "）";
            }
            if (CHARACTERS.indexOf(c) < 0) {
                return "第 " + (i + 1) + " 位“" + c + "”不能出现在统一社会信用代码中（只用数字和除 I、O、S、V、Z 外的大写字母）";
            }
        }
        // 登记管理部门代码 (GB 32100-2015 table 1 and the departments added since: 1 机构编制, 2 外交, 3 司法行政, 4 文化,
        // 5 民政, 6 旅游, 7 宗教, 8 工会, 9 市场监管/工商, A 中央军委改革和编制办公室, N 农业, Y 其他) and 机构类别代码, a digit 1–9
        if ("123456789ANY".indexOf(code.charAt(0)) < 0) {
            return "第 1 位是登记管理部门代码，应为 1–9、A、N 或 Y（企业为 9），现为 " + code.charAt(0);
        }
        if (code.charAt(1) < '1' || code.charAt(1) > '9') {
            return "第 2 位是机构类别代码，应为 1–9（企业为 1），现为 " + code.charAt(1);
        }
        for (int i = 2; i < 8; i++) {
            if (!Character.isDigit(code.charAt(i))) {
                return "第 3–8 位是登记机关的行政区划码，应为数字";
            }
        }
        char expected = check(code);
        if (code.charAt(17) != expected) {
            return "第 18 位校验码应为 " + expected + "（按前 17 位算出），现为 " + code.charAt(17) + "：请核对是否有输错的字符";
        }
        return null;
    }

    /** The check character of a code's first 17 characters (each one of the 31). */
    static char check(String code) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += CHARACTERS.indexOf(code.charAt(i)) * WEIGHTS[i];
        }
        return CHARACTERS.charAt((31 - sum % 31) % 31);
    }
}
