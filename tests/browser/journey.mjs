// A person's journey through the web client in a real headless Chromium, on a running Reelworld:
//   node journey.mjs BASE_URL OUT_DIR INVITE1 INVITE2 CAPTURE_MP4   (reviewer "rita" exists already)
// A guardian signs up and gets a code; a teen signs up and links with it; the guardian sets the
// teen's controls (a daily limit, quiet hours); the teen sees them in words, chooses quiet hours of
// their own, and makes their character from an uploaded capture; the guardian's violent prompt
// is blocked and she appeals, and the reviewer rita overturns it in the Review tab. Each step waits for what the
// page says, and leaves a screenshot (phone-sized) in OUT_DIR. Prints one JSON line of what it
// saw; exits 1 with the failing step's words otherwise. Used by tests/browser/test_journey.py.
import chromium from "@sparticuz/chromium";
import puppeteer from "puppeteer-core";

const [base, out, invite1, invite2, capture] = process.argv.slice(2);
const seen = { steps: [], errors: [], screenshots: [] };
const TIMEOUT = 30000;

async function main() {
  const browser = await puppeteer.launch({
    args: chromium.args, executablePath: await chromium.executablePath(), headless: true,
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 1 });
    page.setDefaultTimeout(TIMEOUT);
    page.on("pageerror", (error) => seen.errors.push(`page error: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error" && !/status of 4\d\d/.test(message.text())) {
        seen.errors.push(`console: ${message.text()}`);
      }
    });
    page.on("dialog", (dialog) => dialog.accept()); // window.confirm: yes

    const shot = async (name) => {
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (wide > 0) seen.errors.push(`${name}: the page is ${wide} px wider than the screen`);
      const path = `${out}/${String(seen.screenshots.length + 1).padStart(2, "0")}-${name}.png`;
      await page.screenshot({ path, fullPage: true });
      seen.screenshots.push(path);
    };
    const step = (words) => seen.steps.push(words);
    const visible = (selector) => page.waitForSelector(selector, { visible: true });
    const statusSays = (text, timeout = TIMEOUT) => page.waitForFunction(
      (t) => document.getElementById("status").textContent.includes(t), { timeout }, text);
    const text = (selector) => page.$eval(selector, (e) => e.textContent);
    const tab = async (view) => {
      await page.click(`.tab[data-view="${view}"]`);
      await visible(`#${view}`);
    };
    const signUp = async (invite, handle, year) => {
      await visible("#signup-form");
      await page.type("#signup-invite", invite);
      await page.type("#signup-handle", handle);
      await page.type("#signup-password", "correct horse battery");
      await page.type("#signup-birth-year", String(year));
      await page.click("#signup-form button[type=submit]");
      await page.waitForFunction((h) => document.getElementById("whoami").textContent === `@${h}`, {}, handle);
    };
    const logIn = async (handle) => {
      await visible("#login-form");
      await page.type("#login-handle", handle);
      await page.type("#login-password", "correct horse battery");
      await page.click("#login-form button[type=submit]");
      await page.waitForFunction((h) => document.getElementById("whoami").textContent === `@${h}`, {}, handle);
    };
    const logOut = async () => {
      await page.click("#logout-button");
      await visible("#login-form");
    };

    await page.goto(`${base}/app`, { waitUntil: "networkidle0" });
    await shot("sign-in");
    await signUp(invite1, "mum", 1985);
    step("the guardian signed up and sees her feed");
    await tab("family-view");
    await visible("#family-start");
    await page.click("#family-start-button");
    await statusSays("Your code:");
    const code = (await text("#family-links .code")).replace("Code for your teen: ", "");
    step(`the guardian got a code (${code.length} characters)`);
    await shot("guardian-code");
    await logOut();

    await signUp(invite2, "kid", new Date().getUTCFullYear() - 14);
    await tab("family-view");
    await visible("#family-confirm-form");
    await page.type("#family-code", code);
    await page.click("#family-confirm-form button[type=submit]");
    await statusSays("Linked");
    step("the teen linked with the code");
    await logOut();

    await logIn("mum");
    await tab("family-view");
    const form = "form.controls-form";
    await visible(form);
    const label = async (words) => page.$eval(`${form}`, (f, w) => {
      const l = [...f.querySelectorAll("label")].find((x) => x.textContent === w);
      return `#${l.htmlFor}`;
    }, words);
    await page.type(await label("Generations a day (empty: the teen default)"), "3");
    await page.click(await label("Quiet hours every day: the feed rests, no new videos, no notifications"));
    const zone = await label("Their time zone");
    await page.$eval(zone, (e) => { e.value = "Europe/Paris"; });
    await page.$eval(await label("From"), (e) => { e.value = "21:30"; });
    await page.$eval(await label("Until"), (e) => { e.value = "07:00"; });
    await shot("guardian-controls");
    await page.click(`${form} button[type=submit]`);
    await statusSays("Saved: @kid's controls apply now.");
    step("the guardian set a limit of 3 and quiet hours 21:30-07:00 (Europe/Paris)");
    await logOut();

    await logIn("kid");
    await tab("family-view");
    await visible("#family-links ul.controls");
    const controls = await page.$$eval("#family-links ul.controls li", (items) => items.map((i) => i.textContent));
    seen.teen_controls = controls;
    step("the teen reads the controls in words");
    await shot("teen-controls");

    await tab("feed-view");
    await page.click("#quiet-settings summary");
    await visible("#quiet-form");
    await page.$eval("#quiet-start", (e) => { e.value = "05:30"; });
    await page.$eval("#quiet-end", (e) => { e.value = "08:00"; });
    await page.$eval("#quiet-timezone", (e) => { e.value = "Europe/Paris"; });
    await page.click("#quiet-form button[type=submit]");
    await statusSays("Saved: your quiet hours hold every day.");
    seen.quiet_summary = await text("#quiet-summary");
    step("the teen chose quiet hours of their own");
    await shot("teen-quiet-hours");

    await tab("characters-view");
    await visible("#capture-form");
    // the file is chosen at once, as a quick person would, while the view's answers still arrive
    const file = await page.$("#capture-file");
    await file.uploadFile(capture);
    await page.click("#capture-form button[type=submit]");
    await statusSays("is ready", 120000); // the capture is read for real: face, colour, voice
    seen.character = await page.$$eval("#character-facts li", (items) => items.map((i) => i.textContent));
    step("the teen made their character from an uploaded capture");
    await shot("teen-character");

    await logOut();
    await logIn("mum");
    await tab("create-view");
    await page.type("#create-prompt", "a man stabbing his wife in the kitchen");
    await page.click("#create-form button[type=submit]");
    await page.waitForFunction(() => document.getElementById("generation-status").textContent === "blocked",
      { timeout: 120000 });
    await visible("#appeal-form");
    await page.type("#appeal-note", "a scene from a play; nobody is hurt");
    await page.click("#appeal-form button[type=submit]");
    await statusSays("Appeal sent.");
    step("the guardian's prompt was blocked, and she appealed");
    await shot("appeal");
    await logOut();

    await logIn("rita");
    await visible("#review-tab");
    await tab("review-view");
    await visible("#appeal-cases-list li textarea");
    seen.appeal_case = await page.$$eval("#appeal-cases-list li p", (ps) => ps.map((p) => p.textContent));
    await page.type("#appeal-cases-list li textarea", "staged; nobody is hurt");
    await page.evaluate(() => [...document.querySelectorAll("#appeal-cases-list button")]
      .find((b) => b.textContent === "Overturn").click());
    await statusSays("Overturned: the video is being made.");
    step("a reviewer overturned it in the Review tab");
    await shot("review");

    await page.setViewport({ width: 1280, height: 900, deviceScaleFactor: 1 });
    await shot("desktop");
  } catch (error) {
    const page = (await browser.pages()).at(-1);
    if (page) {  // what the page said when the step failed
      seen.error_line = await page.$eval("#error", (e) => e.textContent).catch(() => null);
      seen.status_line = await page.$eval("#status", (e) => e.textContent).catch(() => null);
      seen.file_chosen = await page.$eval("#capture-file", (e) => e.files.length).catch(() => null);
      await page.screenshot({ path: `${out}/failed.png`, fullPage: false }).catch(() => null);
    }
    throw error;
  } finally {
    await browser.close();
  }
}

main().then(() => {
  console.log(JSON.stringify(seen));
}, (error) => {
  seen.failed = `${error.message} (after: ${seen.steps.at(-1) || "the start"})`;
  console.log(JSON.stringify(seen));
  process.exit(1);
});
