package kr.compensation.voucher.lookup;

import java.util.ArrayList;
import java.util.List;
import kr.compensation.voucher.domain.IssueRequest;
import kr.compensation.voucher.domain.IssueRequestQueue;

/** Keeps what would have gone to SQS. */
public final class RecordingIssueRequestQueue implements IssueRequestQueue {

    private final List<IssueRequest> sent = new ArrayList<>();
    private RuntimeException failure;

    @Override
    public synchronized void submit(IssueRequest request) {
        if (failure != null) {
            throw failure;
        }
        sent.add(request);
    }

    public synchronized List<IssueRequest> sent() {
        return List.copyOf(sent);
    }

    public synchronized void failWith(RuntimeException e) {
        failure = e;
    }

    public synchronized void clear() {
        sent.clear();
        failure = null;
    }
}
