import { expect, test } from './fixtures/test';
import { createAccount, sql, uniqueAddress } from './fixtures/accounts';
import { expectAccessible } from './fixtures/axe';
import { verificationLink, waitForMessage } from './fixtures/inbox';
import { password } from './fixtures/test-app';

const accountLocale = async (id: string) => (await sql().query(`SELECT locale FROM users WHERE id = $1`, [id])).rows[0].locale as string | null;

test.describe('DESIGN §6 Nepali', () => {
  test('[USER] picks नेपाली before signing in, adds an e-mail in Nepali and confirms it from the Nepali e-mail; axe finds nothing at any step', async ({ page }) => {
    const account = await createAccount();
    const address = uniqueAddress('sita.np');

    await page.goto('/sign-in');
    await expectAccessible(page, 'sign-in, English');
    await page.getByRole('button', { name: 'नेपाली' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ne');
    await expect(page.getByRole('heading', { name: 'फेरि स्वागत छ' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'नेपाली' })).toHaveAttribute('aria-pressed', 'true');
    await page.getByRole('button', { name: 'साइन इन गर्नुहोस्' }).click();
    // The form's own checks speak Nepali too.
    await expect(page.getByText('आफ्नो मोबाइल नम्बर लेख्नुहोस्')).toBeVisible();
    await expectAccessible(page, 'sign-in, Nepali, with errors');
    await page.getByLabel('मोबाइल नम्बर').fill(account.mobileNumber);
    await page.getByLabel('पासवर्ड').fill(password);
    await page.getByRole('button', { name: 'साइन इन गर्नुहोस्' }).click();
    await expect(page).toHaveURL(/\/profile$/);

    // The account had no language: it takes the one picked at sign-in, so its e-mails are Nepali.
    expect(await accountLocale(account.id)).toBe('ne');
    await expect(page.getByRole('heading', { name: 'सम्पर्क विवरण' })).toBeVisible();
    await expect(page.getByTestId('email-status')).toContainText('इमेल थपिएको छैन');
    await expectAccessible(page, 'profile, Nepali');
    await page.getByRole('button', { name: 'थप विकल्पहरू' }).click();
    await expectAccessible(page, 'profile, Nepali, menu open');
    await page.getByRole('menuitem', { name: 'इमेल थप्नुहोस्' }).click();

    await expect(page.getByRole('heading', { name: 'इमेल थप्नुहोस्' })).toBeVisible();
    await page.getByLabel('इमेल ठेगाना').fill('sita@');
    await page.getByRole('button', { name: 'अगाडि बढ्नुहोस्' }).click();
    await expect(page.getByText('name@example.com जस्तो इमेल ठेगाना लेख्नुहोस्')).toBeVisible();
    await expectAccessible(page, 'add e-mail, Nepali, with an error');
    await page.getByLabel('इमेल ठेगाना').fill(address);
    await page.getByRole('button', { name: 'अगाडि बढ्नुहोस्' }).click();

    await expect(page.getByRole('heading', { name: 'यो तपाईं नै हो भनी पुष्टि गर्नुहोस्' })).toBeVisible();
    await page.getByLabel('पासवर्ड').fill('not-the-password');
    await page.getByRole('button', { name: 'पुष्टि गर्नुहोस्', exact: true }).click();
    await expect(page.getByText(/^पासवर्ड मिलेन। परिवर्तनहरू केही समयका लागि बन्द हुनुअघि [०-९]+ पटक प्रयास गर्न बाँकी छ।$/)).toBeVisible();
    await expectAccessible(page, 're-auth, Nepali, wrong password');
    await page.getByLabel('पासवर्ड').fill(password);
    await page.getByRole('button', { name: 'पुष्टि गर्नुहोस्', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'आफ्नो इनबक्स हेर्नुहोस्' })).toBeVisible();
    await expectAccessible(page, 'link sent, Nepali');

    // The e-mail as delivered: Nepali subject and words, the expiry in Nepal Time with Nepali numerals.
    const message = await waitForMessage(address, /^Wallet का लागि आफ्नो इमेल ठेगाना पुष्टि गर्नुहोस्$/);
    expect(message.html).toMatch(/<html[^>]* lang="ne"/);
    expect(message.text).toContain('नमस्ते Maya Gurung,');
    expect(message.text).toMatch(/[०-९]{4} \S+ [०-९]{1,2}, [०-९]{2}:[०-९]{2} नेपाली समय/);
    expect(message.text).not.toMatch(/Confirm your email|Namaste/);

    await page.goto('/profile');
    await expect(page.getByTestId('pending-email')).toContainText('बाँकी');
    await expectAccessible(page, 'profile, Nepali, pending change');

    await page.goto(verificationLink(message));
    await expect(page.getByRole('heading', { name: 'आफ्नो इमेल पुष्टि गर्नुहोस्' })).toBeVisible();
    await expectAccessible(page, 'confirm page, Nepali');
    await page.getByRole('button', { name: 'इमेल पुष्टि गर्नुहोस्' }).click();
    await expect(page).toHaveURL(/\/profile\?verified=1$/);
    await expect(page.getByText('तपाईंको इमेल प्रमाणित भयो।', { exact: false })).toBeVisible();
    await expect(page.getByTestId('email-status')).toContainText('प्रमाणित');
    await expectAccessible(page, 'profile, Nepali, verified');

    await page.goto(verificationLink(message));
    await expect(page.getByRole('heading', { name: 'तपाईंको इमेल पहिले नै प्रमाणित छ' })).toBeVisible();
    await expectAccessible(page, 'used link, Nepali');

    // Back to English from the header: the page and the account follow.
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { name: 'Your email is already verified' })).toBeVisible();
    expect(await accountLocale(account.id)).toBe('en');
  });

  test('[USER] an account that chose Nepali gets Nepali pages on a new browser as soon as it signs in', async ({ browser }) => {
    const account = await createAccount();
    await sql().query(`UPDATE users SET locale = 'ne' WHERE id = $1`, [account.id]);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto('/sign-in');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.getByLabel('Mobile number').fill(account.mobileNumber);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'ne');
    await expect(page.getByRole('button', { name: 'साइन आउट' })).toBeVisible();
    await context.close();
  });

  test('[API] problem titles and field errors follow Accept-Language; the code never changes', async ({ request }) => {
    const asked = (language: string) => request.post('/api/v1/sessions', { headers: { 'accept-language': language }, data: { mobileNumber: '', password: 'x' } });
    const [nepali, english] = await Promise.all([asked('ne-NP,ne;q=0.9'), asked('en-US')]);
    expect(nepali.status()).toBe(english.status());
    const ne = await nepali.json();
    const en = await english.json();
    expect(ne.code).toBe(en.code);
    expect(en.title).toBe('The request is not valid');
    expect(ne.title).toBe('अनुरोध मान्य छैन');
    expect(ne.errors).toContainEqual({ field: 'mobileNumber', message: 'आफ्नो मोबाइल नम्बर लेख्नुहोस्' });
    expect(en.errors).toContainEqual({ field: 'mobileNumber', message: 'Enter your mobile number' });

    const wrong = await request.post('/api/v1/sessions', { headers: { 'accept-language': 'ne' }, data: { mobileNumber: '9800000000', password: 'not-it' } });
    expect(await wrong.json()).toMatchObject({ code: 'invalid_credentials', title: 'मोबाइल नम्बर र पासवर्ड मिलेनन्' });
    const nowhere = await request.get('/api/v1/no-such-thing', { headers: { 'accept-language': 'ne' } });
    expect(await nowhere.json()).toMatchObject({ code: 'not_found', title: 'भेटिएन', detail: 'यस्तो अपरेसन छैन; /api/v1/openapi.json हेर्नुहोस्' });
  });
});
