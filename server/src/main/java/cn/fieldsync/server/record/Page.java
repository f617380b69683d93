package cn.fieldsync.server.record;

import java.util.List;

/**
 * One page of a list.
 *
 * @param nextCursor pass it back to get the next page; null on the last page
 * @param total      how many records match the filter in all
 */
public record Page<T>(List<T> items, String nextCursor, long total) {
}
