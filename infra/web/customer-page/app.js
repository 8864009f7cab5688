// The customer page: signs the customer in through OpenID Connect (authorization code + PKCE, RFC 7636), then
// reads and claims their voucher through the API (docs/api/openapi.yaml). Tokens live in this script's memory
// only: a reload forgets who was signed in. Only the PKCE verifier, state and nonce of a sign-in in progress
// cross the redirect, in sessionStorage, and are deleted as soon as the customer is back.
'use strict';

(() => {
  // Every text of the page, each in both languages side by side, so that neither language can lack one.
  const TEXT = {
    brand: { ko: '보상 바우처', en: 'Compensation voucher' },
    title: { ko: '보상 바우처 신청', en: 'Claim your compensation voucher' },
    language: { ko: 'English', en: '한국어' },
    intro: { ko: '개인정보 유출 사고로 피해를 입은 모든 고객께 50,000원 상당의 보상 바우처를 한 장씩 드립니다. 로그인하거나 본인인증을 하면 대상 여부를 확인하고 바로 신청할 수 있습니다.', en: 'Every customer affected by the data breach is owed one compensation voucher worth 50,000 won. Sign in or verify your identity to see whether you are eligible and claim it right away.' },
    openingLabel: { ko: '신청 시작', en: 'Claims open' },
    noscript: { ko: '이 페이지는 JavaScript가 필요합니다.', en: 'This page needs JavaScript.' },
    signinHeading: { ko: '본인 확인 방법을 고르세요', en: 'Choose how to confirm who you are' },
    signIn: { ko: '로그인', en: 'Sign in' },
    signInHint: { ko: '계정을 이용 중인 고객', en: 'Customers with an active account' },
    verify: { ko: '본인인증', en: 'Verify your identity' },
    verifyHint: { ko: '계정을 해지한 고객 (휴대폰 본인인증)', en: 'Customers whose account is closed (mobile identity verification)' },
    safety: { ko: '이 페이지는 회사 공식 주소에서만 열립니다. 비밀번호나 주민등록번호를 이 페이지에 입력하라고 요구하지 않습니다.', en: 'This page opens only on the company\'s own address. It never asks you to type a password or resident registration number into it.' },
    checking: { ko: '확인하고 있습니다…', en: 'Checking…' },
    countdownHeading: { ko: '아직 신청 기간이 아닙니다', en: 'Claims are not open yet' },
    countdownOpensAt: { ko: '신청 시작', en: 'Claims open' },
    countdownHint: { ko: '시작 시각이 되면 이 화면이 저절로 바뀝니다.', en: 'This screen changes by itself when claims open.' },
    eligibleHeading: { ko: '보상 대상입니다', en: 'You are eligible' },
    amount: { ko: '금액', en: 'Amount' },
    claim: { ko: '바우처 받기', en: 'Claim my voucher' },
    pendingHeading: { ko: '바우처를 발급하고 있습니다', en: 'Your voucher is being issued' },
    pendingHint: { ko: '보통 몇 초 안에 끝납니다. 이 화면을 닫아도 신청은 유지됩니다.', en: 'This usually takes a few seconds. Your claim stays in place if you close this page.' },
    voucherHeading: { ko: '바우처가 발급되었습니다', en: 'Your voucher is ready' },
    codeLabel: { ko: '바우처 코드', en: 'Voucher code' },
    copy: { ko: '코드 복사', en: 'Copy code' },
    copied: { ko: '코드를 복사했습니다.', en: 'Code copied.' },
    copyFailed: { ko: '복사하지 못했습니다. 코드를 직접 적어 두세요.', en: 'Could not copy. Please write the code down.' },
    expires: { ko: '유효기간', en: 'Valid until' },
    retry: { ko: '다시 시도', en: 'Try again' },
    startOver: { ko: '처음으로', en: 'Start over' },
    remaining: {
      ko: (d, h, m, s) => (d > 0 ? `${d}일 ` : '') + `${h}시간 ${m}분 ${s}초 남음`,
      en: (d, h, m, s) => (d > 0 ? `${d} d ` : '') + `${h} h ${m} min ${s} s to go`,
    },
    retryIn: {
      ko: (s) => `${s}초 후 다시 시도합니다.`,
      en: (s) => `Trying again in ${s} s.`,
    },
  };
  // What the page says for each problem (docs/api/openapi.yaml's problem types, and its own): heading and detail.
  const PROBLEMS = {
    'not-open-yet': {
      ko: ['아직 신청 기간이 아닙니다', '신청 시작 시각 이후에 다시 확인해 주세요.'],
      en: ['Claims are not open yet', 'Please come back after the opening time.'],
    },
    'not-eligible': {
      ko: ['보상 대상이 아닙니다', '확인된 계정은 이번 보상 바우처 지급 대상이 아닙니다. 다른 방법으로 본인 확인을 하려면 처음으로 돌아가세요.'],
      en: ['Not eligible', 'The account you confirmed is not eligible for this compensation voucher. To confirm who you are another way, start over.'],
    },
    unauthorized: {
      ko: ['본인 확인이 필요합니다', '로그인 또는 본인인증이 만료되었거나 확인되지 않았습니다. 처음으로 돌아가 다시 본인 확인을 해 주세요.'],
      en: ['Please confirm who you are', 'Your sign-in or identity verification has expired or could not be checked. Start over and confirm who you are again.'],
    },
    'temporarily-unavailable': {
      ko: ['잠시 처리할 수 없습니다', '요청이 많아 지금은 처리하지 못했습니다. 신청 내용은 사라지지 않습니다.'],
      en: ['Temporarily unavailable', 'The service is busy right now. Nothing you asked for is lost.'],
    },
    throttled: {
      ko: ['요청이 너무 많습니다', '잠시 기다린 뒤 다시 시도해 주세요.'],
      en: ['Too many requests', 'Please wait a moment and try again.'],
    },
    'internal-error': {
      ko: ['서버 오류', '요청을 처리하지 못했습니다. 잠시 후 다시 시도해 주세요.'],
      en: ['Something went wrong', 'The request could not be processed. Please try again later.'],
    },
    'bad-request': {
      ko: ['잘못된 요청입니다', '페이지를 새로 고친 뒤 다시 시도해 주세요.'],
      en: ['Bad request', 'Please reload the page and try again.'],
    },
    'not-found': {
      ko: ['찾을 수 없습니다', '요청한 주소가 없습니다. 페이지를 새로 고쳐 주세요.'],
      en: ['Not found', 'There is no such address. Please reload the page.'],
    },
    'method-not-allowed': {
      ko: ['허용되지 않는 요청입니다', '페이지를 새로 고친 뒤 다시 시도해 주세요.'],
      en: ['Request not allowed', 'Please reload the page and try again.'],
    },
    network: {
      ko: ['연결할 수 없습니다', '인터넷 연결을 확인한 뒤 다시 시도해 주세요.'],
      en: ['Cannot connect', 'Please check your internet connection and try again.'],
    },
    'sign-in-failed': {
      ko: ['본인 확인을 마치지 못했습니다', '처음으로 돌아가 다시 시도해 주세요.'],
      en: ['Could not confirm who you are', 'Start over and try again.'],
    },
    'still-pending': {
      ko: ['발급이 늦어지고 있습니다', '신청은 접수되었습니다. 잠시 후 다시 확인해 주세요.'],
      en: ['Issuing is taking longer', 'Your claim is in. Please check again in a moment.'],
    },
  };
  const PROBLEM_BASE = 'https://voucher.example.com/problems/';
  // The two ways in and the API routes each issuer's tokens are accepted on (docs/api/openapi.yaml).
  const ROUTES = {
    'sign-in': { eligibility: '/v1/eligibility', claims: '/v1/claims' },
    'identity-verification': { eligibility: '/v1/verified/eligibility', claims: '/v1/verified/claims' },
  };
  const PENDING_KEY = 'voucher.sign-in-in-progress';
  // Back-off of the eligibility polls while a voucher is being issued: issuance normally takes seconds.
  const POLL_DELAYS_MS = [1000, 2000, 3000, 5000, 8000, 13000, 20000, 30000];
  const MAX_AUTOMATIC_RETRIES = 3;

  const $ = (id) => document.getElementById(id);
  const main = $('main');
  let config = null;
  let language = initialLanguage();
  // The signed-in customer, in memory only.
  let session = null;
  let timer = null;
  let view = 'loading';
  let lastRender = null;

  function initialLanguage() {
    const asked = new URLSearchParams(location.search).get('lang');
    if (asked === 'ko' || asked === 'en') return asked;
    const carried = readPending();
    if (carried && (carried.language === 'ko' || carried.language === 'en')) return carried.language;
    // Korean unless the browser prefers English to Korean.
    for (const tag of navigator.languages || [navigator.language || 'ko']) {
      const primary = String(tag).toLowerCase().split('-')[0];
      if (primary === 'ko') return 'ko';
      if (primary === 'en') return 'en';
    }
    return 'ko';
  }

  function t(key) { return TEXT[key][language]; }

  function applyLanguage() {
    document.documentElement.lang = language;
    document.title = t('title');
    for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
    const other = language === 'ko' ? 'en' : 'ko';
    $('language').textContent = t('language');
    $('language').lang = other;
    if (config && config.opensAt) {
      $('opening').hidden = false;
      setTime($('opening-time'), config.opensAt);
    }
    if (lastRender) lastRender();
  }

  function formatInstant(iso) {
    const when = new Date(iso);
    const text = new Intl.DateTimeFormat(language === 'ko' ? 'ko-KR' : 'en-GB', {
      timeZone: 'Asia/Seoul', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit',
      hourCycle: 'h23',
    }).format(when);
    return `${text} KST`;
  }

  function setTime(el, iso) {
    el.dateTime = iso;
    el.textContent = formatInstant(iso);
  }

  function formatAmount(voucher) {
    // The won has no minor unit; Koreans write "50,000원".
    if (language === 'ko' && voucher.currency === 'KRW') return `${voucher.amount.toLocaleString('ko-KR')}원`;
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: voucher.currency, currencyDisplay: 'code' })
      .format(voucher.amount);
  }

  function show(name, render) {
    clearTimeout(timer);
    timer = null;
    const changed = view !== name;
    view = name;
    main.dataset.view = name;
    if (name !== 'problem') delete main.dataset.problem;
    for (const section of document.querySelectorAll('main > section')) section.hidden = section.id !== `view-${name}`;
    // Every step but the first can go back to it; a failed sign-in too, which has no session.
    $('start-over').hidden = name === 'signin' || name === 'loading' || name === 'busy';
    lastRender = render || null;
    if (render) render();
    if (changed && name !== 'loading') {
      const heading = document.querySelector(`#view-${name} h2`);
      if (heading) { heading.tabIndex = -1; heading.focus({ preventScroll: true }); }
    }
  }

  function announce(text) { $('announce').textContent = text; }

  // ------------------------------------------------------------------ sign-in (OIDC code flow + PKCE)

  function randomUrlSafe(bytes) {
    const raw = crypto.getRandomValues(new Uint8Array(bytes));
    return base64Url(raw);
  }

  function base64Url(bytes) {
    let text = '';
    for (const b of bytes) text += String.fromCharCode(b);
    return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function readPending() {
    try { return JSON.parse(sessionStorage.getItem(PENDING_KEY) || 'null'); } catch { return null; }
  }

  async function startSignIn(issuer) {
    const provider = config.providers[issuer];
    // RFC 7636 4.1: 32 random octets give a 43-character verifier; 4.2: the S256 challenge of it.
    const verifier = randomUrlSafe(32);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    const state = randomUrlSafe(16);
    const nonce = randomUrlSafe(16);
    sessionStorage.setItem(PENDING_KEY, JSON.stringify({ issuer, verifier, state, nonce, language }));
    const url = new URL(provider.authorizationEndpoint);
    url.search = new URLSearchParams({
      response_type: 'code', client_id: provider.clientId, redirect_uri: redirectUri(), scope: 'openid',
      state, nonce, code_challenge: base64Url(digest), code_challenge_method: 'S256',
      ui_locales: language,
    }).toString();
    location.assign(url.toString());
  }

  function redirectUri() { return `${location.origin}/`; }

  async function finishSignIn(params) {
    const pending = readPending();
    sessionStorage.removeItem(PENDING_KEY);
    // Nothing of the sign-in stays in the address bar or history.
    history.replaceState(null, '', language === 'ko' ? '/' : '/?lang=en');
    if (!pending || params.get('state') !== pending.state || !params.get('code')) {
      return problem('sign-in-failed');
    }
    const provider = config.providers[pending.issuer];
    let response;
    try {
      response = await fetch(provider.tokenEndpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri(),
          client_id: provider.clientId, code_verifier: pending.verifier,
        }),
        credentials: 'omit', cache: 'no-store',
      });
    } catch {
      return problem('network');
    }
    const tokens = response.ok ? await response.json().catch(() => null) : null;
    if (!tokens || !tokens.access_token || !idTokenNonceMatches(tokens.id_token, pending.nonce)) {
      return problem('sign-in-failed');
    }
    session = { issuer: pending.issuer, accessToken: tokens.access_token };
    return readEligibility();
  }

  /** OpenID Connect Core 3.1.3.7 (11): the ID token's nonce must be the one this page sent. */
  function idTokenNonceMatches(idToken, nonce) {
    try {
      const payload = idToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(atob(payload)).nonce === nonce;
    } catch {
      return false;
    }
  }

  // ------------------------------------------------------------------ the API

  async function call(kind) {
    const route = ROUTES[session.issuer][kind];
    const init = {
      method: kind === 'claims' ? 'POST' : 'GET',
      headers: { Authorization: `Bearer ${session.accessToken}`, 'Accept-Language': language },
      credentials: 'omit', cache: 'no-store',
    };
    if (kind === 'claims') { init.headers['Content-Type'] = 'application/json'; init.body = '{}'; }
    const response = await fetch(`${config.apiBase || ''}${route}`, init);
    const body = await response.json().catch(() => null);
    return { status: response.status, body, retryAfter: retryAfterSeconds(response) };
  }

  function retryAfterSeconds(response) {
    const value = response.headers.get('Retry-After');
    return value && /^[1-9][0-9]*$/.test(value) ? Number(value) : null;
  }

  async function readEligibility(attempt = 0) {
    show('busy');
    return handle(await guarded(() => call('eligibility')), () => readEligibility(attempt + 1), attempt);
  }

  async function claim(attempt = 0) {
    $('claim').disabled = true;
    show('busy');
    return handle(await guarded(() => call('claims')), () => claim(attempt + 1), attempt);
  }

  async function guarded(request) {
    try { return await request(); } catch { return { status: 0, body: null, retryAfter: null }; }
  }

  function handle(answer, again, attempt) {
    const { status, body } = answer;
    if (status === 200 || status === 202) return eligibility(body);
    if (status === 0) return problem('network', again);
    // API Gateway's throttle says nothing about when; the edge's rate limit may send Retry-After.
    if (status === 429) {
      return problem('throttled', again, answer.retryAfter && attempt < MAX_AUTOMATIC_RETRIES ? answer.retryAfter : null);
    }
    const type = body && typeof body.type === 'string' && body.type.startsWith(PROBLEM_BASE)
      ? body.type.slice(PROBLEM_BASE.length) : null;
    if (status === 401) return problem('unauthorized');
    if (type === 'not-open-yet' && body.opensAt) return countdown(body.opensAt);
    if (type === 'not-eligible') return problem('not-eligible');
    if (type === 'temporarily-unavailable' || status === 503) {
      // Retry by itself only because the API says when (Retry-After), and only a few times.
      if (answer.retryAfter && attempt < MAX_AUTOMATIC_RETRIES) return problem('temporarily-unavailable', again, answer.retryAfter);
      return problem('temporarily-unavailable', again);
    }
    if (type && Object.hasOwn(PROBLEMS, type)) return problem(type, type === 'internal-error' ? again : null);
    return problem('internal-error', again);
  }

  function eligibility(body) {
    if (!body || !body.voucher) return problem('internal-error', readEligibility);
    if (!body.eligible) return problem('not-eligible');
    const voucher = body.voucher;
    if (voucher.status === 'ISSUED') return showVoucher(voucher);
    if (voucher.status === 'PENDING') return pending(0);
    show('eligible', () => {
      for (const el of document.querySelectorAll('.eligible-amount')) el.textContent = formatAmount(voucher);
    });
    $('claim').disabled = false;
    return undefined;
  }

  function pending(poll) {
    show('pending');
    if (poll >= POLL_DELAYS_MS.length) return problem('still-pending', () => readEligibility());
    timer = setTimeout(async () => {
      const answer = await guarded(() => call('eligibility'));
      if ((answer.status === 200) && answer.body && answer.body.voucher && answer.body.voucher.status === 'PENDING') {
        return pending(poll + 1);
      }
      return handle(answer, () => readEligibility(), 0);
    }, POLL_DELAYS_MS[poll]);
    return undefined;
  }

  function showVoucher(voucher) {
    show('voucher', () => {
      const code = $('voucher-code');
      // One unbreakable group per span, so a narrow screen wraps between groups, never inside one.
      code.replaceChildren(...voucher.code.split('-').flatMap((group, i) => {
        const span = document.createElement('span');
        span.className = 'group';
        span.textContent = group;
        return i === 0 ? [span] : [document.createTextNode('-'), span];
      }));
      // Read aloud group by group, symbol by symbol.
      code.setAttribute('aria-label', voucher.code.split('-').map((g) => g.split('').join(' ')).join(', '));
      code.dataset.code = voucher.code;
      for (const el of document.querySelectorAll('.voucher-amount')) el.textContent = formatAmount(voucher);
      setTime($('voucher-expires'), voucher.expiresAt);
    });
    announce('');
  }

  function countdown(opensAt) {
    const opens = new Date(opensAt).getTime();
    const tick = () => {
      const left = Math.max(0, Math.ceil((opens - Date.now()) / 1000));
      const d = Math.floor(left / 86400); const h = Math.floor((left % 86400) / 3600);
      const m = Math.floor((left % 3600) / 60); const s = left % 60;
      $('countdown-remaining').textContent = t('remaining')(d, h, m, s);
      if (left === 0) {
        // One call at the opening, spread over a few seconds so that everyone waiting does not call at once.
        timer = setTimeout(() => readEligibility(), Math.floor(Math.random() * 3000));
        return;
      }
      timer = setTimeout(tick, 1000 - (Date.now() % 1000));
    };
    show('countdown', () => { setTime($('countdown-opens-at'), opensAt); });
    tick();
  }

  function problem(kind, again, retryAfter) {
    show('problem', () => {
      const [title, detail] = PROBLEMS[kind][language];
      main.dataset.problem = kind;
      $('problem-heading').textContent = title;
      $('problem-detail').textContent = detail;
      $('retry').hidden = !again || Boolean(retryAfter);
    });
    $('retry').onclick = again ? () => again() : null;
    if (retryAfter) {
      announce(t('retryIn')(retryAfter));
      timer = setTimeout(() => { announce(''); again(); }, retryAfter * 1000);
    }
  }

  function startOver() {
    session = null;
    delete main.dataset.problem;
    announce('');
    show('signin');
  }

  async function copyCode() {
    const code = $('voucher-code').dataset.code;
    try {
      await navigator.clipboard.writeText(code);
      announce(t('copied'));
    } catch {
      const range = document.createRange();
      range.selectNodeContents($('voucher-code'));
      const selection = getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      announce(t('copyFailed'));
    }
  }

  async function boot() {
    $('language').addEventListener('click', () => { language = language === 'ko' ? 'en' : 'ko'; applyLanguage(); });
    $('sign-in').addEventListener('click', () => startSignIn('sign-in'));
    $('verify').addEventListener('click', () => startSignIn('identity-verification'));
    $('claim').addEventListener('click', () => claim());
    $('copy').addEventListener('click', copyCode);
    $('start-over').addEventListener('click', startOver);
    applyLanguage();
    try {
      const response = await fetch('/config.json', { cache: 'no-store', credentials: 'omit' });
      config = await response.json();
    } catch {
      return problem('network', () => location.reload());
    }
    applyLanguage();
    const params = new URLSearchParams(location.search);
    if (params.has('code') || params.has('error')) return finishSignIn(params);
    sessionStorage.removeItem(PENDING_KEY);
    return show('signin');
  }

  boot();
})();
