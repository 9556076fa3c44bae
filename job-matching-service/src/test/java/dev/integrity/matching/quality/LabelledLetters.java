package dev.integrity.matching.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The labelled set of cover letters the dedup quality is measured by (seed 003's crawler, which
 * meets the same letter on several sites). Each letter carries the cluster it belongs to: letters
 * of one cluster are the same letter, crawled again and changed on the way; letters of different
 * clusters are different letters, however much text they share.
 * <p>
 * The set lives in {@code src/test/resources/dedup/labelled-letters.jsonl}; this class reads it,
 * and its {@code main} wrote it, deterministically from a fixed seed (run it on the test class path
 * with the file as its argument), so the set can be read, extended and made again. The hard cases,
 * one kind each:
 * <ul>
 *   <li>{@code spacing-case}: the same text with its whitespace and case changed;</li>
 *   <li>{@code reordered}: its paragraphs in another order (opening and closing included);</li>
 *   <li>{@code typos}: a typo every 150 characters or so, spread over the whole text;</li>
 *   <li>{@code greeting}: another greeting and sign-off;</li>
 *   <li>{@code edited}: two sentences rewritten;</li>
 *   <li>{@code truncated}: the crawler lost the last paragraph;</li>
 *   <li>{@code mixed}: reordered, a few typos and another greeting at once;</li>
 *   <li>{@code boilerplate}: an original that shares long boilerplate (the company's paragraph,
 *       greeting and closing, about half its text) with other, different letters of its block.</li>
 * </ul>
 * Half the letters are Korean, as the seed's crawler's are.
 */
public final class LabelledLetters {

    /** One labelled letter. {@code key} is unique in the set; {@code cluster} names the letter it is a copy of. */
    public record Letter(String key, String cluster, String kind, String url, String title, String company, String position,
                         String content) {
    }

    public static final String RESOURCE = "/dedup/labelled-letters.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

    private LabelledLetters() {
    }

    /** The set, as kept in test resources. */
    public static List<Letter> load() throws IOException {
        List<Letter> letters = new ArrayList<>();
        try (InputStream in = LabelledLetters.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is not on the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    letters.add(JSON.readValue(line, Letter.class));
                }
            }
        }
        return letters;
    }

    /** Writes the set to {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        List<Letter> letters = new Generator(new Random(20261207)).generate();
        try (Writer out = Files.newBufferedWriter(Path.of(args[0]), StandardCharsets.UTF_8)) {
            for (Letter letter : letters) {
                out.write(JSON.writeValueAsString(letter));
                out.write('\n');
            }
        }
        System.out.printf("%d letters written to %s%n", letters.size(), args[0]);
    }

    /**
     * A crawler's catalogue for benchmarks: {@code size} letters over {@code blocks} (company,
     * position) blocks, the same grammar as the labelled set. A tenth of the originals are written on
     * their company's template; 10% of all letters are exact copies (the same letter from the same
     * URL with tracking noise) and 5% changed copies (the kinds above, in turn). A letter's URL names
     * its cluster ({@code /c<n>/}), so a benchmark can score a run without a side table. Calls
     * {@code sink} in order; deterministic for a seed.
     */
    public static void catalogue(long seed, int size, int blocks, java.util.function.Consumer<Letter> sink) {
        Random random = new Random(seed);
        Map<Integer, Grammar> grammars = new HashMap<>();
        int[] written = {0};
        int clusters = 0;
        int changed = 0;
        while (written[0] < size) {
            int block = random.nextInt(blocks);
            Grammar grammar = grammars.computeIfAbsent(block, b -> {
                String[] company = Generator.COMPANIES[b % Generator.COMPANIES.length];
                boolean korean = company[1].equals("ko");
                String name = company[0] + " " + (b / 3 / Generator.COMPANIES.length + 1);
                String position = (korean ? Generator.POSITIONS_KO : Generator.POSITIONS_EN)[b % 3];
                return korean ? new Korean(random, name, position) : new English(random, name, position);
            });
            String cluster = "C%07d".formatted(++clusters);
            List<String> paragraphs = grammar.letter(random.nextInt(10) == 0);
            String url = "https://letters.example/" + cluster.toLowerCase(Locale.ROOT) + "/";
            java.util.function.BiConsumer<String, List<String>> add = (u, text) -> {
                if (written[0]++ < size) {
                    sink.accept(new Letter("L%07d".formatted(written[0]), cluster, "catalogue", u, "Cover letter", grammar.company,
                            grammar.position, String.join("\n\n", text)));
                }
            };
            add.accept(url + "letter", paragraphs);
            double copy = random.nextDouble();
            if (copy < 0.10 / 0.85) {
                add.accept(url + "letter?utm_source=crawler&utm_medium=" + random.nextInt(100), paragraphs);
            } else if (copy < 0.15 / 0.85) {
                Kind kind = Kind.values()[changed++ % Kind.values().length];
                add.accept("https://jasoseo.example/" + cluster.toLowerCase(Locale.ROOT) + "/" + kind.label, kind.apply(paragraphs, grammar, random));
            }
        }
    }

    /** Letters from a small grammar: every original is different, and its sentences realistic for trigrams. */
    private static final class Generator {

        private static final String[][] COMPANIES = {
                {"Hanbit Logistics", "en"}, {"Seoul Mobility", "en"}, {"Blue Harbor Bank", "en"}, {"Nara Health", "en"},
                {"Pixel Forge Games", "en"}, {"Greenline Energy", "en"}, {"Cobalt Retail", "en"}, {"Orbit Telecom", "en"},
                {"한빛소프트", "ko"}, {"푸른바다은행", "ko"}, {"누리헬스케어", "ko"}, {"별빛게임즈", "ko"},
                {"초록에너지", "ko"}, {"한결물류", "ko"}, {"다온커머스", "ko"}, {"새솔통신", "ko"}};
        private static final String[] POSITIONS_EN = {"Backend Engineer", "Data Engineer", "Product Designer"};
        private static final String[] POSITIONS_KO = {"백엔드 개발자", "데이터 엔지니어", "서비스 기획자"};
        private static final int ORIGINALS_PER_BLOCK = 9;

        private final Random random;
        private final List<Letter> letters = new ArrayList<>();
        private int clusters;

        Generator(Random random) {
            this.random = random;
        }

        List<Letter> generate() {
            for (String[] company : COMPANIES) {
                boolean korean = company[1].equals("ko");
                for (String position : korean ? POSITIONS_KO : POSITIONS_EN) {
                    Grammar grammar = korean ? new Korean(random, company[0], position) : new English(random, company[0], position);
                    for (int i = 0; i < ORIGINALS_PER_BLOCK; i++) {
                        // A third of the letters in a block are written on the company's own template.
                        boolean boilerplate = i % 3 == 0;
                        List<String> paragraphs = grammar.letter(boilerplate);
                        String cluster = "C%04d".formatted(++clusters);
                        add(cluster, boilerplate ? "boilerplate" : "original", company[0], position, paragraphs, 0);
                        int copies = i % 9 < 5 ? 1 + (i % 2) : 0;   // 5 of 9 letters crawled again, some twice
                        for (int copy = 1; copy <= copies; copy++) {
                            Kind kind = Kind.values()[(clusters * 3 + copy) % Kind.values().length];
                            add(cluster, kind.label, spell(company[0], kind), position, kind.apply(paragraphs, grammar, random), copy);
                        }
                    }
                }
            }
            return letters;
        }

        private void add(String cluster, String kind, String company, String position, List<String> paragraphs, int copy) {
            String key = "L%04d".formatted(letters.size() + 1);
            String site = copy == 0 ? "letters.example" : copy == 1 ? "jasoseo.example" : "careers-archive.example";
            letters.add(new Letter(key, cluster, kind, "https://" + site + "/" + cluster.toLowerCase(Locale.ROOT) + "/" + key.toLowerCase(Locale.ROOT),
                    copy == 0 ? "Cover letter" : null, company, position, String.join("\n\n", paragraphs)));
        }

        /** Another site spells the company in its own case and spacing (the block key ignores both). */
        private static String spell(String company, Kind kind) {
            return kind == Kind.SPACING_CASE ? " " + company.toUpperCase(Locale.ROOT) + " " : company;
        }
    }

    /** How a crawled copy differs from its original. */
    private enum Kind {
        SPACING_CASE("spacing-case") {
            @Override
            List<String> apply(List<String> paragraphs, Grammar grammar, Random random) {
                List<String> out = new ArrayList<>();
                for (String p : paragraphs) {
                    out.add((random.nextBoolean() ? p.toUpperCase(Locale.ROOT) : p.toLowerCase(Locale.ROOT)).replace(" ", random.nextBoolean() ? "  " : " \n"));
                }
                return out;
            }
        },
        REORDERED("reordered") {
            @Override
            List<String> apply(List<String> paragraphs, Grammar grammar, Random random) {
                List<String> out = new ArrayList<>(paragraphs);
                while (out.equals(paragraphs) || out.get(0).equals(paragraphs.get(0)) || out.get(out.size() - 1).equals(paragraphs.get(paragraphs.size() - 1))) {
                    Collections.shuffle(out, random);
                }
                return out;
            }
        },
        TYPOS("typos") {
            @Override
            List<String> apply(List<String> paragraphs, Grammar grammar, Random random) {
                return paragraphs.stream().map(p -> typos(p, 150, random)).toList();
            }
        },
        GREETING("greeting") {
            @Override
            List<String> apply(List<String> paragraphs, Grammar grammar, Random random) {
                return regreet(paragraphs, grammar);
            }
        },
        EDITED("edited") {
            @Override
            List<String> apply(List<String> paragraphs, Grammar grammar, Random random) {
                List<String> out = new ArrayList<>(paragraphs);
                for (int edit = 0; edit < 2; edit++) {
                    int at = 1 + random.nextInt(out.size() - 2);
                    String[] sentences = grammar.sentences(out.get(at));
                    sentences[random.nextInt(sentences.length)] = grammar.experience();
                    out.set(at, grammar.join(sentences));
                }
                return out;
            }
        },
        TRUNCATED("truncated") {
            @Override
            List<String> apply(List<String> paragraphs, Grammar grammar, Random random) {
                return paragraphs.subList(0, paragraphs.size() - 1);
            }
        },
        MIXED("mixed") {
            @Override
            List<String> apply(List<String> paragraphs, Grammar grammar, Random random) {
                List<String> out = REORDERED.apply(regreet(paragraphs, grammar), grammar, random);
                return out.stream().map(p -> typos(p, 400, random)).toList();
            }
        };

        final String label;

        Kind(String label) {
            this.label = label;
        }

        abstract List<String> apply(List<String> paragraphs, Grammar grammar, Random random);

        private static List<String> regreet(List<String> paragraphs, Grammar grammar) {
            List<String> out = new ArrayList<>(paragraphs);
            out.set(0, grammar.otherGreeting());
            out.set(out.size() - 1, grammar.otherSignOff(out.get(out.size() - 1)));
            return out;
        }

        /** About one typo per {@code every} characters: two letters swapped, one dropped or one doubled. */
        private static String typos(String text, int every, Random random) {
            StringBuilder out = new StringBuilder(text);
            int count = Math.max(1, text.length() / every);
            for (int t = 0; t < count; t++) {
                int at = 1 + random.nextInt(out.length() - 2);
                if (!Character.isLetter(out.charAt(at)) || !Character.isLetter(out.charAt(at + 1))) {
                    continue;
                }
                switch (random.nextInt(3)) {
                    case 0 -> {
                        char c = out.charAt(at);
                        out.setCharAt(at, out.charAt(at + 1));
                        out.setCharAt(at + 1, c);
                    }
                    case 1 -> out.deleteCharAt(at);
                    default -> out.insert(at, out.charAt(at));
                }
            }
            return out.toString();
        }
    }

    /** A language's letters: greeting, paragraphs of sentences from slots, sign-off. */
    private abstract static class Grammar {
        final Random random;
        final String company;
        final String position;
        final List<String> companyParagraph = new ArrayList<>();
        final List<String> templateClosing = new ArrayList<>();

        Grammar(Random random, String company, String position) {
            this.random = random;
            this.company = company;
            this.position = position;
        }

        String pick(String... options) {
            return options[random.nextInt(options.length)];
        }

        int number(int from, int to) {
            return from + random.nextInt(to - from + 1);
        }

        /** Greeting, introduction, two paragraphs of experience, skills, [the company's paragraph], closing with sign-off. */
        List<String> letter(boolean onTemplate) {
            List<String> paragraphs = new ArrayList<>();
            paragraphs.add(onTemplate ? templateGreeting() : greeting());
            paragraphs.add(join(new String[]{introduction(), experience()}));
            paragraphs.add(join(new String[]{experience(), experience(), experience()}));
            paragraphs.add(join(new String[]{experience(), experience()}));
            paragraphs.add(join(new String[]{skill(), skill(), experience()}));
            if (onTemplate) {
                if (companyParagraph.isEmpty()) {
                    for (int i = 0; i < 4; i++) {
                        companyParagraph.add(companyReason(i));
                    }
                    templateClosing.add(closing());
                    templateClosing.add(closing());
                }
                paragraphs.add(join(companyParagraph.toArray(String[]::new)));
                paragraphs.add(join(templateClosing.toArray(String[]::new)) + " " + signOff());
            } else {
                paragraphs.add(join(new String[]{closing(), closing()}) + " " + signOff());
            }
            return paragraphs;
        }

        String join(String[] sentences) {
            return String.join(" ", sentences);
        }

        String[] sentences(String paragraph) {
            return paragraph.split("(?<=[.!?])\\s+");
        }

        abstract String greeting();

        abstract String templateGreeting();

        abstract String otherGreeting();

        abstract String otherSignOff(String lastParagraph);

        abstract String introduction();

        abstract String experience();

        abstract String skill();

        /** The {@code i}th (0 to 3) sentence of the company's paragraph. */
        abstract String companyReason(int i);

        abstract String closing();

        abstract String signOff();
    }

    private static final class English extends Grammar {
        private static final String[] FIRST = {"Minji", "Jisoo", "Daniel", "Hyunwoo", "Sarah", "Yuna", "Tom", "Seojun", "Emily", "Jaehyun", "Grace", "Dohyun"};
        private static final String[] LAST = {"Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Shin"};
        English(Random random, String company, String position) {
            super(random, company, position);
        }

        @Override
        String greeting() {
            return pick("Dear " + company + " hiring team,", "Dear hiring manager,", "Hello " + company + " recruiters,",
                    "Dear members of the " + company + " team,");
        }

        @Override
        String templateGreeting() {
            return "Dear " + company + " hiring team,";
        }

        @Override
        String otherGreeting() {
            return pick("To whom it may concern,", "Good morning,", "Hi there,");
        }

        @Override
        String otherSignOff(String lastParagraph) {
            return lastParagraph.replaceAll("(Sincerely|Best regards|Kind regards|With thanks),", "Warm wishes,");
        }

        @Override
        String introduction() {
            return pick("I am writing to apply for the " + position + " position at " + company + ".",
                    "Please accept my application for the " + position + " role that " + company + " advertised this month.",
                    "I was excited to see that " + company + " is looking for a " + position + ".")
                    + " " + pick("I have " + number(2, 12) + " years of experience in " + pick("fintech", "logistics", "healthcare",
                    "e-commerce", "mobile games", "telecommunications", "public services") + ".",
                    "I recently finished a " + number(6, 24) + "-month project at " + pick("a startup in Pangyo", "a bank in Yeouido",
                    "an agency in Busan", "a research lab in Daejeon", "a retailer in Incheon") + ".");
        }

        @Override
        String experience() {
            return switch (random.nextInt(6)) {
                case 0 -> "At " + pick("my previous company", "my last job", "a startup I joined early", "the agency") + " I "
                        + pick("led", "owned", "drove", "coordinated") + " the " + pick("migration", "redesign", "rewrite", "consolidation")
                        + " of our " + pick("billing platform", "search service", "order pipeline", "onboarding flow", "reporting stack",
                        "driver app", "recommendation engine") + ", which " + pick("cut costs by " + number(10, 60) + " percent",
                        "removed a whole class of outages", "shortened releases from weeks to days", "doubled the conversion rate",
                        "let " + number(3, 9) + " teams ship on their own") + ".";
                case 1 -> "I " + pick("built", "designed", "shipped", "prototyped") + " a " + pick("dashboard", "batch job", "mobile feature",
                        "data model", "pricing tool", "chat assistant", "scheduling system") + " in " + pick("Java", "Kotlin", "Python",
                        "Go", "TypeScript", "SQL", "Figma") + " that " + pick("our support team uses every day",
                        "handles " + number(2, 90) + " thousand requests a minute", "replaced " + number(3, 20) + " spreadsheets",
                        "customers mention in their reviews", "is still running " + number(2, 6) + " years later") + ".";
                case 2 -> "Working with " + pick("designers", "nurses", "warehouse staff", "sales teams", "data scientists", "lawyers",
                        "drivers") + ", I learned to " + pick("ask better questions before writing code", "write things down",
                        "measure before deciding", "explain trade-offs without jargon", "ship small changes often",
                        "listen to the people who use the product") + ".";
                case 3 -> "When " + pick("a database failed over at night", "a launch slipped by a month", "our largest customer churned",
                        "the traffic tripled in a week", "a vendor shut down its API") + ", I " + pick("wrote the recovery plan",
                        "rebuilt the schedule with the team", "interviewed the customer myself", "added caching and back-pressure",
                        "replaced the integration in " + number(2, 6) + " weeks") + " and " + pick("we lost no data",
                        "we kept every deadline after that", "we won the account back", "nobody noticed the peak",
                        "the new version was cheaper") + ".";
                case 4 -> "I " + pick("reduced", "cut", "lowered") + " " + pick("page load time", "the monthly cloud bill",
                        "the error rate", "onboarding time", "the backlog of tickets", "query latency") + " by " + number(15, 80)
                        + " percent by " + pick("profiling the slowest paths", "moving work to batch jobs", "removing unused features",
                        "rewriting the worst queries", "automating the manual steps", "talking to the users first") + ".";
                default -> pick("Mentoring", "Teaching", "Coaching") + " " + number(2, 8) + " " + pick("junior engineers",
                        "interns", "new hires", "career changers") + " taught me " + pick("patience", "to explain my reasoning",
                        "how much good documentation matters", "to review code kindly", "that tests are a form of kindness") + ".";
            };
        }

        @Override
        String skill() {
            return "I am " + pick("comfortable", "experienced", "fluent", "productive") + " with " + pick("PostgreSQL", "Kubernetes",
                    "Kafka", "React", "Spark", "Terraform", "user research", "A/B testing", "Quarkus", "Airflow") + " and "
                    + pick("GraphQL", "Redis", "dbt", "Figma prototypes", "Grafana", "gRPC", "Elasticsearch", "accessibility reviews",
                    "Spring Boot", "BigQuery") + ", " + pick("and I enjoy learning new tools", "which I used daily in my last role",
                    "and I have taught both to colleagues", "from side projects as well as work") + ".";
        }

        @Override
        String companyReason(int i) {
            return new String[]{"I have followed " + company + " since its " + pick("first product launch", "expansion into Southeast Asia",
                            "award for accessible design", "open source release") + ", and I admire how it "
                            + pick("puts customers first", "invests in its engineers", "treats data as a product", "ships with care") + ".",
                    company + "'s mission to " + pick("make every delivery on time", "bring banking to everyone",
                            "keep patients informed", "build games people remember", "power homes with clean energy")
                            + " matches what I want my work to mean.",
                    "The " + position + " role at " + company + " combines " + pick("the scale", "the craft", "the responsibility",
                            "the variety") + " I enjoy with " + pick("a team I can learn from", "problems that matter to real people",
                            "a culture of writing things down", "room to grow") + ".",
                    "I am especially drawn to " + company + "'s " + pick("engineering blog", "hiring principles", "commitment to privacy",
                            "work on reliability", "community programmes") + ", which I have read closely over the past year."}[i];
        }

        @Override
        String closing() {
            return pick("I would welcome the chance to discuss how I could contribute to " + company + ".",
                    "Thank you for considering my application.", "I have attached my portfolio and references.",
                    "I am available for an interview at your convenience.", "I look forward to hearing from you.",
                    "I would be glad to complete a take-home exercise.");
        }

        @Override
        String signOff() {
            return pick("Sincerely,", "Best regards,", "Kind regards,", "With thanks,") + " " + pick(FIRST) + " " + pick(LAST)
                    + " (" + number(100, 999) + "-" + number(1000, 9999) + ")";
        }
    }

    private static final class Korean extends Grammar {
        /**
         * The word with the particle its last syllable takes: {@code withFinal} after a final
         * consonant (책임감과, 시간을), {@code withoutFinal} after a vowel (규모와, 도구를). A word
         * ending in Latin letters is read as its Korean speakers say it, which this does not try:
         * it takes {@code withoutFinal}.
         */
        static String josa(String word, String withFinal, String withoutFinal) {
            char last = word.charAt(word.length() - 1);
            boolean hasFinal = last >= 0xAC00 && last <= 0xD7A3 && (last - 0xAC00) % 28 != 0;
            return word + (hasFinal ? withFinal : withoutFinal);
        }

        private static final String[] NAMES = {"김민지", "이지수", "박현우", "최서연", "정도윤", "강하은", "조재현", "윤서준", "장유나", "임지호", "한예린", "신동혁"};

        Korean(Random random, String company, String position) {
            super(random, company, position);
        }

        @Override
        String greeting() {
            return pick("안녕하십니까, " + company + " 채용 담당자님.", "안녕하세요, " + position + " 직무에 지원하는 지원자입니다.",
                    company + " 인사팀 여러분께 인사드립니다.", "존경하는 " + company + " 채용 담당자님께.");
        }

        @Override
        String templateGreeting() {
            return "안녕하십니까, " + company + " 채용 담당자님.";
        }

        @Override
        String otherGreeting() {
            return pick("처음 인사드립니다.", "귀사의 발전을 기원합니다.", "바쁘신 중에 읽어 주셔서 감사합니다.");
        }

        @Override
        String otherSignOff(String lastParagraph) {
            return lastParagraph.replaceAll("(감사합니다|읽어 주셔서 감사합니다|좋은 소식 기다리겠습니다)\\. 지원자", "진심으로 감사드립니다. 지원자");
        }

        @Override
        String introduction() {
            return pick(company + "의 " + position + " 직무에 지원하게 되어 기쁩니다.", "저는 " + position + "로 성장하고 싶은 지원자입니다.",
                    company + "에서 " + josa(position, "을", "를") + " 모집한다는 소식을 듣고 지원하게 되었습니다.")
                    + " " + pick("저는 " + pick("핀테크", "물류", "의료", "이커머스", "모바일 게임", "통신", "공공 서비스") + " 분야에서 "
                            + number(2, 12) + "년 동안 일했습니다.",
                    "최근 " + pick("판교의 스타트업", "여의도의 은행", "부산의 에이전시", "대전의 연구소", "인천의 유통사") + "에서 "
                            + number(6, 24) + "개월 동안 프로젝트를 마쳤습니다.");
        }

        @Override
        String experience() {
            return switch (random.nextInt(6)) {
                case 0 -> pick("이전 회사", "첫 직장", "초기 스타트업", "대행사") + "에서 저는 " + pick("결제 시스템", "검색 서비스",
                        "주문 파이프라인", "회원 가입 흐름", "정산 보고서", "배송 기사 앱", "추천 엔진") + "의 " + pick("이전", "재설계",
                        "전면 개편", "통합") + " 작업을 " + pick("이끌었고", "맡았고", "주도했고", "조율했고") + ", 그 결과 "
                        + pick("비용을 " + number(10, 60) + "% 줄였습니다", "장애 유형 하나를 완전히 없앴습니다",
                        "배포 주기를 몇 주에서 며칠로 줄였습니다", "전환율을 두 배로 높였습니다",
                        number(3, 9) + "개 팀이 독립적으로 배포할 수 있게 되었습니다") + ".";
                case 1 -> "저는 " + pick("Java", "Kotlin", "Python", "Go", "TypeScript", "SQL", "Figma") + "로 " + josa(pick("대시보드",
                        "배치 작업", "모바일 기능", "데이터 모델", "가격 책정 도구", "상담 챗봇", "일정 관리 시스템"), "을", "를") + " "
                        + pick("만들었고", "설계했고", "출시했고", "시제품으로 만들었고") + ", 이 결과물은 " + pick("지금도 고객지원팀이 매일 씁니다",
                        "분당 " + number(2, 90) + "천 건의 요청을 처리합니다", "스프레드시트 " + number(3, 20) + "개를 대체했습니다",
                        "고객 후기에 자주 언급됩니다", number(2, 6) + "년이 지난 지금도 운영 중입니다") + ".";
                case 2 -> josa(pick("디자이너", "간호사", "물류센터 직원", "영업팀", "데이터 과학자", "법무팀", "배송 기사"), "과", "와") + " 함께 일하며 "
                        + pick("코드를 쓰기 전에 더 좋은 질문을 하는 법을", "기록하는 습관을", "결정하기 전에 측정하는 법을",
                        "전문 용어 없이 장단점을 설명하는 법을", "작은 변경을 자주 배포하는 법을", "사용자의 목소리를 듣는 법을") + " 배웠습니다.";
                case 3 -> pick("새벽에 데이터베이스가 장애 조치되었을 때", "출시가 한 달 늦어졌을 때", "가장 큰 고객이 이탈했을 때",
                        "일주일 만에 트래픽이 세 배로 늘었을 때", "외부 업체가 API를 종료했을 때") + " 저는 " + pick("복구 계획을 작성했고",
                        "팀과 함께 일정을 다시 세웠고", "고객을 직접 인터뷰했고", "캐시와 부하 제어를 추가했고",
                        number(2, 6) + "주 만에 연동을 교체했고") + " " + pick("데이터를 하나도 잃지 않았습니다", "이후 모든 마감을 지켰습니다",
                        "고객을 다시 되찾았습니다", "아무도 최대 부하를 느끼지 못했습니다", "새 버전은 더 저렴했습니다") + ".";
                case 4 -> josa(pick("페이지 로딩 시간", "월 클라우드 비용", "오류율", "온보딩 기간", "밀린 문의 건수", "쿼리 지연 시간"), "을", "를") + " "
                        + pick("가장 느린 경로를 분석해서", "작업을 배치로 옮겨서", "쓰이지 않는 기능을 걷어내서", "가장 나쁜 쿼리를 다시 작성해서",
                        "수작업 단계를 자동화해서", "사용자와 먼저 대화해서") + " " + number(15, 80) + "% 줄였습니다.";
                default -> pick("주니어 개발자", "인턴", "신입 사원", "직무 전환자") + " " + number(2, 8) + "명을 "
                        + pick("멘토링하며", "가르치며", "코칭하며") + " " + pick("인내심을", "제 판단 근거를 설명하는 법을",
                        "좋은 문서가 얼마나 중요한지를", "친절하게 코드 리뷰하는 법을", "테스트가 동료를 위한 배려라는 것을") + " 배웠습니다.";
            };
        }

        @Override
        String skill() {
            return josa(pick("PostgreSQL", "Kubernetes", "Kafka", "React", "Spark", "Terraform", "사용자 조사", "A/B 테스트", "Quarkus", "Airflow"),
                    "과", "와") + " " + pick("GraphQL", "Redis", "dbt", "Figma 프로토타입", "Grafana", "gRPC", "Elasticsearch", "접근성 검토",
                    "Spring Boot", "BigQuery") + "에 " + pick("익숙하며 새로운 도구를 배우는 것을 즐깁니다", "능숙하며 지난 직무에서 매일 사용했습니다",
                    "익숙하며 동료들에게 가르친 경험도 있습니다", "익숙하며 업무와 개인 프로젝트 모두에서 써 왔습니다") + ".";
        }

        @Override
        String companyReason(int i) {
            return new String[]{"저는 " + company + "의 " + pick("첫 제품 출시", "동남아시아 진출", "접근성 디자인 수상", "오픈소스 공개")
                            + " 때부터 관심을 가져 왔으며, " + pick("고객을 먼저 생각하는", "개발자에게 투자하는", "데이터를 제품처럼 다루는",
                            "신중하게 출시하는") + " 문화를 존경합니다.",
                    company + "의 '" + pick("모든 배송을 제시간에", "모두에게 금융을", "환자에게 정확한 정보를", "기억에 남는 게임을",
                            "깨끗한 에너지를 가정에") + "'라는 사명은 제가 일에서 찾고 싶은 의미와 같습니다.",
                    company + "의 " + position + " 직무는 제가 좋아하는 " + josa(pick("규모", "완성도", "책임감", "다양성"), "과", "와") + " "
                            + josa(pick("배울 수 있는 동료", "실제 사람들에게 중요한 문제", "기록하는 문화", "성장할 기회"), "을", "를") + " 함께 갖추고 있습니다.",
                    "특히 " + company + "의 " + josa(pick("기술 블로그", "채용 원칙", "개인정보 보호 노력", "안정성에 대한 노력", "지역 사회 프로그램"), "을", "를")
                            + " 지난 1년 동안 꼼꼼히 읽으며 깊은 인상을 받았습니다."}[i];
        }

        @Override
        String closing() {
            return pick(company + "에 기여할 수 있는 방법을 직접 말씀드릴 기회를 주시면 감사하겠습니다.", "제 지원서를 검토해 주셔서 감사합니다.",
                    "포트폴리오와 추천서를 함께 첨부했습니다.", "편하신 시간에 면접에 응할 수 있습니다.", "과제 전형도 기쁘게 참여하겠습니다.");
        }

        @Override
        String signOff() {
            return pick("감사합니다", "읽어 주셔서 감사합니다", "좋은 소식 기다리겠습니다") + ". 지원자 " + pick(NAMES) + " 드림 ("
                    + number(100, 999) + "-" + number(1000, 9999) + ")";
        }
    }
}
