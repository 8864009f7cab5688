package kr.compensation.voucher.domain;

/** Where issue requests go to be granted asynchronously. Throws {@link TransientFailure} when it cannot take one. */
public interface IssueRequestQueue {

    void submit(IssueRequest request);
}
