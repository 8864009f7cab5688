package kr.compensation.voucher.domain.testing;

import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.EligibilityRepository;

/** Needs nothing running: holds the in-memory double to the repository contract that DynamoDB is held to. */
class InMemoryEligibilityRepositoryTest extends EligibilityRepositoryContract {

    private final InMemoryEligibilityRepository repository = new InMemoryEligibilityRepository();

    @Override
    protected EligibilityRepository repository() {
        return repository;
    }

    @Override
    protected void load(CustomerKey key, boolean eligible, AccountState state) {
        repository.load(key, eligible, state);
    }

    @Override
    protected Object stored(CustomerKey key) {
        return repository.item(key);
    }
}
