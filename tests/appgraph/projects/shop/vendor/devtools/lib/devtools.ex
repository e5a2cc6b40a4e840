defmodule Devtools do
  @moduledoc false
end
