// End-of-life dates of base images, by release cycle. Dates are the end of (community/LTS) security support as
// published by each project (summarised on endoflife.date); approximate dates of future releases are noted.
// A cycle matches a version equal to it or starting with it and a dot (`3.9` matches `3.9.18`, not `3.19`).

export interface EolCycle {
  /** Version (`3.9`, `20.04`) or codename (`buster`). */
  cycle: string;
  /** First day without security fixes (YYYY-MM-DD). */
  eol: string;
  /** Other names of the cycle found in tags (`focal` for `20.04`). */
  aliases?: string[];
}

export interface EolProduct {
  /** Product name used in messages. */
  product: string;
  /** Image repositories (short names as on Docker Hub, or full paths for other registries). */
  images: string[];
  cycles: EolCycle[];
  /** When every tag is end-of-life (deprecated image): the date and what to use instead. */
  allTags?: { eol: string; instead: string };
  /** Whether the cycle can also appear as a suffix of other images' tags (`python:3.11-bullseye`). */
  distro?: boolean;
}

export const EOL_PRODUCTS: readonly EolProduct[] = [
  {
    product: 'Debian',
    images: ['debian'],
    distro: true,
    cycles: [
      { cycle: '8', aliases: ['jessie'], eol: '2020-06-30' },
      { cycle: '9', aliases: ['stretch'], eol: '2022-06-30' },
      { cycle: '10', aliases: ['buster'], eol: '2024-06-30' },
      { cycle: '11', aliases: ['bullseye'], eol: '2026-08-31' },
      { cycle: '12', aliases: ['bookworm'], eol: '2028-06-30' },
      { cycle: '13', aliases: ['trixie'], eol: '2030-06-30' },
    ],
  },
  {
    product: 'Ubuntu',
    images: ['ubuntu'],
    distro: true,
    cycles: [
      { cycle: '14.04', aliases: ['trusty'], eol: '2019-04-30' },
      { cycle: '16.04', aliases: ['xenial'], eol: '2021-04-30' },
      { cycle: '18.04', aliases: ['bionic'], eol: '2023-05-31' },
      { cycle: '20.04', aliases: ['focal'], eol: '2025-05-31' },
      { cycle: '21.04', aliases: ['hirsute'], eol: '2022-01-20' },
      { cycle: '21.10', aliases: ['impish'], eol: '2022-07-14' },
      { cycle: '22.04', aliases: ['jammy'], eol: '2027-06-01' },
      { cycle: '22.10', aliases: ['kinetic'], eol: '2023-07-20' },
      { cycle: '23.04', aliases: ['lunar'], eol: '2024-01-25' },
      { cycle: '23.10', aliases: ['mantic'], eol: '2024-07-11' },
      { cycle: '24.04', aliases: ['noble'], eol: '2029-05-31' },
      { cycle: '24.10', aliases: ['oracular'], eol: '2025-07-10' },
      { cycle: '25.04', aliases: ['plucky'], eol: '2026-01-15' },
    ],
  },
  {
    product: 'Alpine Linux',
    images: ['alpine'],
    distro: true,
    cycles: [
      { cycle: '3.6', eol: '2019-05-01' },
      { cycle: '3.7', eol: '2019-11-01' },
      { cycle: '3.8', eol: '2020-05-01' },
      { cycle: '3.9', eol: '2021-01-01' },
      { cycle: '3.10', eol: '2021-05-01' },
      { cycle: '3.11', eol: '2021-11-01' },
      { cycle: '3.12', eol: '2022-05-01' },
      { cycle: '3.13', eol: '2022-11-01' },
      { cycle: '3.14', eol: '2023-05-01' },
      { cycle: '3.15', eol: '2023-11-01' },
      { cycle: '3.16', eol: '2024-05-23' },
      { cycle: '3.17', eol: '2024-11-22' },
      { cycle: '3.18', eol: '2025-05-09' },
      { cycle: '3.19', eol: '2025-11-01' },
      { cycle: '3.20', eol: '2026-04-01' },
      { cycle: '3.21', eol: '2026-11-01' },
      { cycle: '3.22', eol: '2027-05-01' },
    ],
  },
  {
    product: 'Node.js',
    images: ['node'],
    cycles: [
      { cycle: '8', eol: '2019-12-31' },
      { cycle: '10', eol: '2021-04-30' },
      { cycle: '12', eol: '2022-04-30' },
      { cycle: '14', eol: '2023-04-30' },
      { cycle: '15', eol: '2021-06-01' },
      { cycle: '16', eol: '2023-09-11' },
      { cycle: '17', eol: '2022-06-01' },
      { cycle: '18', eol: '2025-04-30' },
      { cycle: '19', eol: '2023-06-01' },
      { cycle: '20', eol: '2026-04-30' },
      { cycle: '21', eol: '2024-06-01' },
      { cycle: '22', eol: '2027-04-30' },
      { cycle: '23', eol: '2025-06-01' },
      { cycle: '24', eol: '2028-04-30' },
      { cycle: '25', eol: '2026-06-01' },
    ],
  },
  {
    product: 'Python',
    images: ['python', 'pypy'],
    cycles: [
      { cycle: '2.7', eol: '2020-01-01' },
      { cycle: '3.5', eol: '2020-09-13' },
      { cycle: '3.6', eol: '2021-12-23' },
      { cycle: '3.7', eol: '2023-06-27' },
      { cycle: '3.8', eol: '2024-10-07' },
      { cycle: '3.9', eol: '2025-10-31' },
      { cycle: '3.10', eol: '2026-10-31' },
      { cycle: '3.11', eol: '2027-10-31' },
      { cycle: '3.12', eol: '2028-10-31' },
      { cycle: '3.13', eol: '2029-10-31' },
    ],
  },
  {
    product: 'Go',
    images: ['golang'],
    // A Go release is supported until the second newer major release ships.
    cycles: [
      { cycle: '1.15', eol: '2021-08-16' },
      { cycle: '1.16', eol: '2022-03-15' },
      { cycle: '1.17', eol: '2022-08-02' },
      { cycle: '1.18', eol: '2023-02-01' },
      { cycle: '1.19', eol: '2023-08-08' },
      { cycle: '1.20', eol: '2024-02-06' },
      { cycle: '1.21', eol: '2024-08-13' },
      { cycle: '1.22', eol: '2025-02-11' },
      { cycle: '1.23', eol: '2025-08-12' },
      { cycle: '1.24', eol: '2026-02-10' },
      { cycle: '1.25', eol: '2026-08-11' },
    ],
  },
  {
    product: 'OpenJDK (Docker official image)',
    images: ['openjdk'],
    cycles: [],
    allTags: { eol: '2022-07-31', instead: 'eclipse-temurin (or another maintained JDK image)' },
  },
  {
    product: 'Eclipse Temurin',
    images: ['eclipse-temurin', 'adoptopenjdk'],
    cycles: [
      { cycle: '8', eol: '2026-11-30' },
      { cycle: '11', eol: '2027-10-31' },
      { cycle: '16', eol: '2021-09-14' },
      { cycle: '17', eol: '2027-10-31' },
      { cycle: '18', eol: '2022-09-20' },
      { cycle: '19', eol: '2023-03-21' },
      { cycle: '20', eol: '2023-09-19' },
      { cycle: '21', eol: '2029-12-31' },
      { cycle: '22', eol: '2024-09-17' },
      { cycle: '23', eol: '2025-03-18' },
      { cycle: '24', eol: '2025-09-16' },
    ],
  },
  {
    product: 'nginx',
    images: ['nginx', 'nginxinc/nginx-unprivileged'],
    // Only the newest stable and mainline branches get fixes; a branch ends when the next one ships.
    cycles: [
      { cycle: '1.18', eol: '2021-04-20' },
      { cycle: '1.19', eol: '2021-05-25' },
      { cycle: '1.20', eol: '2022-05-24' },
      { cycle: '1.21', eol: '2022-05-24' },
      { cycle: '1.22', eol: '2023-04-11' },
      { cycle: '1.23', eol: '2023-04-11' },
      { cycle: '1.24', eol: '2024-04-23' },
      { cycle: '1.25', eol: '2024-04-23' },
      { cycle: '1.26', eol: '2025-04-23' },
      { cycle: '1.27', eol: '2025-04-23' },
    ],
  },
  {
    product: 'CentOS',
    images: ['centos', 'quay.io/centos/centos'],
    cycles: [
      { cycle: '6', eol: '2020-11-30' },
      { cycle: '7', eol: '2024-06-30' },
      { cycle: '8', eol: '2021-12-31' },
      { cycle: 'stream8', eol: '2024-05-31' },
      { cycle: 'stream9', eol: '2027-05-31' },
    ],
  },
];
