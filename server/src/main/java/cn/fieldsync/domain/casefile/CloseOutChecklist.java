package cn.fieldsync.domain.casefile;

import java.util.EnumSet;
import java.util.Set;

/** 四不放过: a case closes only when all four are done. */
public final class CloseOutChecklist {

    public enum Item {
        /** 事故原因未查清不放过. */
        CAUSE_ESTABLISHED,
        /** 责任人员未处理不放过. */
        RESPONSIBLE_DEALT_WITH,
        /** 整改措施未落实不放过. */
        RECTIFICATION_IMPLEMENTED,
        /** 有关人员未受到教育不放过. */
        PEOPLE_EDUCATED
    }

    private CloseOutChecklist() {
    }

    /** The items still open; a case may close when there are none. */
    public static Set<Item> open(Set<Item> done) {
        Set<Item> open = EnumSet.allOf(Item.class);
        open.removeAll(done);
        return open;
    }

    public static boolean canClose(Set<Item> done) {
        return open(done).isEmpty();
    }
}
