// First run: the only screen before a profile exists.
export { Onboarding } from '../../onboarding/onboarding'
