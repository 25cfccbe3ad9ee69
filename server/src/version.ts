import pkg from '../../package.json';

export const TOOL_NAME = 'kubeward';
export const TOOL_VERSION: string = pkg.version;
export const TOOL_URI = 'https://github.com/kubeward/kubeward';
