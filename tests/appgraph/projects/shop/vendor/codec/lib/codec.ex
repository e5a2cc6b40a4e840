defmodule Codec do
  @moduledoc false
end
